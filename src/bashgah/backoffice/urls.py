from django.urls import path
from django.views.generic import RedirectView

from bashgah.backoffice.views import auth, cashier

app_name = "backoffice"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="backoffice:cashier"), name="home"),
    path("login/", auth.login_view, name="login"),
    path("login/code/", auth.login_totp_view, name="login_totp"),
    path("logout/", auth.logout_view, name="logout"),
    path("cashier/", cashier.screen, name="cashier"),
    path("cashier/store/", cashier.choose_store, name="cashier_store"),
    path("cashier/find/", cashier.find, name="cashier_find"),
    path("cashier/enrol/", cashier.enrol, name="cashier_enrol"),
    path("cashier/<int:member_id>/purchase/", cashier.purchase, name="cashier_purchase"),
    path("cashier/<int:member_id>/voucher/", cashier.use_voucher, name="cashier_voucher"),
    path(
        "cashier/<int:member_id>/return/<int:purchase_id>/",
        cashier.return_purchase,
        name="cashier_return",
    ),
]
