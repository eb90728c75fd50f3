"""The member portal at the site root. No URL carries personal data: phones travel in POST
bodies and the session; vouchers are named by their row id, never by their code."""

from django.urls import path

from bashgah.portal.views import account, auth, email_confirm, links, pages, rewards, unsubscribe

app_name = "portal"

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("login/code/", auth.login_code, name="login_code"),
    path("login/resend/", auth.login_resend, name="login_resend"),
    path("join/", auth.join, name="join"),
    path("logout/", auth.logout_view, name="logout"),
    path("card/", pages.card, name="card"),
    path("history/", pages.history, name="history"),
    path("rewards/", rewards.catalog, name="rewards"),
    path("rewards/<slug:code>/redeem/", rewards.redeem, name="redeem"),
    path("vouchers/", rewards.vouchers, name="vouchers"),
    path("vouchers/<int:voucher_id>/", rewards.voucher, name="voucher"),
    path("vouchers/<int:voucher_id>/cancel/", rewards.voucher_cancel_view, name="voucher_cancel"),
    path("profile/", account.profile, name="profile"),
    path("privacy/", account.privacy, name="privacy"),
    path("privacy/my-data.json", account.data_json, name="data_json"),
    path("privacy/my-data.csv", account.data_csv, name="data_csv"),
    path("leave/", account.leave, name="leave"),
    path("r/<str:code>", links.referral, name="referral"),
    path("s/<str:token>", links.survey, name="survey"),
    path("unsubscribe/<str:token>", unsubscribe.unsubscribe, name="unsubscribe"),
    path("contacts/confirm/<str:token>", email_confirm.email_confirm, name="email_confirm"),
]
