app_name = "earlywarning"
urlpatterns: list = []
