app_name = "competitions"
urlpatterns = []
