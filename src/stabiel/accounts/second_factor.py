"""Pure helpers for the second factor: the setup link for the app and its QR code as SVG."""

import base64
import re
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg


def key_base32(key_hex: str) -> str:
    """The key as the app asks to type it: base32 in groups of four."""
    text = base64.b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(*, key_hex: str, account: str, issuer: str) -> str:
    label = quote(f"{issuer}:{account}", safe=":@")
    params = urlencode(
        {
            "secret": key_base32(key_hex).replace(" ", ""),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": 6,
            "period": 30,
        }
    )
    return f"otpauth://totp/{label}?{params}"


def qr_svg(data: str, *, title: str) -> str:
    """The QR code as inline SVG (no script, no style attribute: the CSP allows neither)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=4)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r'width="[^"]+" height="[^"]+"', 'width="220" height="220"', svg, count=1)
    title_text = title.replace("&", "&amp;").replace("<", "&lt;")
    return svg.replace(
        "<svg ",
        '<svg role="img" aria-labelledby="qr-title" class="stabiel-qr" ',
        1,
    ).replace(
        ">",
        f'><title id="qr-title">{title_text}</title>'
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        1,
    )
