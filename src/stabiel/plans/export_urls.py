app_name = "plan_exports"
urlpatterns: list = []
