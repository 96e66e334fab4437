"""Django's password rules with messages in plain Dutch (Django's own Dutch texts are missing)."""

from django.contrib.auth import password_validation as django_validation
from django.utils.translation import gettext as _


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def get_error_message(self):
        return _("Dit wachtwoord is te kort. Gebruik minstens %(min_length)d tekens.") % {
            "min_length": self.min_length
        }

    def get_help_text(self):
        return _("Gebruik minstens %(min_length)d tekens.") % {"min_length": self.min_length}


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("Dit wachtwoord lijkt te veel op uw %(verbose_name)s.")

    def get_help_text(self):
        return _("Het wachtwoord mag niet lijken op uw naam of e-mailadres.")


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("Dit wachtwoord wordt te vaak gebruikt. Kies een ander.")

    def get_help_text(self):
        return _("Kies geen wachtwoord dat veel mensen gebruiken.")


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("Een wachtwoord van alleen cijfers is niet veilig genoeg.")

    def get_help_text(self):
        return _("Gebruik niet alleen cijfers.")
