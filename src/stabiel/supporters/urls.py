app_name = "supporters"
urlpatterns: list = []
