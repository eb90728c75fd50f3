from django.urls import path

from bashgah.backoffice.views import account, auth, cashier, dashboard, members
from bashgah.backoffice.views.campaigns import automations, campaigns, segments
from bashgah.backoffice.views.engagement import contacts, lotteries, memberships, referrals, surveys
from bashgah.backoffice.views.program import keys, rewards, rules, stores, tiers

app_name = "backoffice"

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("login/", auth.login_view, name="login"),
    path("login/code/", auth.login_totp_view, name="login_totp"),
    path("logout/", auth.logout_view, name="logout"),
    path("account/", account.security, name="account"),
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
    path(
        "cashier/<int:member_id>/membership/",
        cashier.membership_pay_view,
        name="cashier_membership",
    ),
    # Program configuration (PROGRAM_EDIT)
    path("program/rules/", rules.rule_list, name="program_rules"),
    path("program/rules/new/", rules.rule_create, name="program_rule_create"),
    path("program/rules/preview/", rules.rule_preview, name="program_rule_preview"),
    path("program/rules/<int:rule_id>/", rules.rule_edit, name="program_rule_edit"),
    path(
        "program/rules/<int:rule_id>/activate/", rules.rule_activate, name="program_rule_activate"
    ),
    path("program/rules/<int:rule_id>/pause/", rules.rule_pause, name="program_rule_pause"),
    path("program/tiers/", tiers.tier_list, name="program_tiers"),
    path("program/tiers/policy/", tiers.tier_policy_edit, name="program_tier_policy"),
    path("program/tiers/new/", tiers.tier_create_view, name="program_tier_create"),
    path("program/tiers/<int:tier_id>/", tiers.tier_edit, name="program_tier_edit"),
    path("program/rewards/", rewards.reward_list, name="program_rewards"),
    path("program/rewards/new/", rewards.reward_create_view, name="program_reward_create"),
    path("program/rewards/<int:reward_id>/", rewards.reward_edit, name="program_reward_edit"),
    path("program/stores/", stores.store_list, name="program_stores"),
    path("program/stores/new/", stores.store_create_view, name="program_store_create"),
    path("program/stores/<int:store_id>/", stores.store_edit, name="program_store_edit"),
    path("program/keys/", keys.key_list, name="program_keys"),
    path("program/keys/revoke/", keys.key_revoke, name="program_key_revoke"),
    # Members (MEMBERS_VIEW; adjustments MEMBERS_ADJUST)
    path("members/", members.directory, name="members"),
    path("members/search/", members.search, name="members_search"),
    path("members/<int:member_id>/", members.member_detail, name="member"),
    path("members/<int:member_id>/adjust/", members.member_adjust, name="member_adjust"),
    # Engagement programs (ENGAGEMENT_VIEW; changes PROGRAM_EDIT)
    path("engagement/referrals/", referrals.referral_page, name="engagement_referrals"),
    path(
        "engagement/referrals/program/",
        referrals.referral_program_edit,
        name="engagement_referral_program",
    ),
    path("engagement/memberships/", memberships.plan_list, name="engagement_plans"),
    path(
        "engagement/memberships/members/",
        memberships.membership_list,
        name="engagement_memberships",
    ),
    path(
        "engagement/memberships/new/", memberships.plan_create_view, name="engagement_plan_create"
    ),
    path(
        "engagement/memberships/<int:plan_id>/", memberships.plan_edit, name="engagement_plan_edit"
    ),
    path("engagement/lotteries/", lotteries.lottery_list, name="engagement_lotteries"),
    path(
        "engagement/lotteries/new/",
        lotteries.lottery_create_view,
        name="engagement_lottery_create",
    ),
    path(
        "engagement/lotteries/<int:lottery_id>/",
        lotteries.lottery_detail,
        name="engagement_lottery",
    ),
    path(
        "engagement/lotteries/<int:lottery_id>/close/",
        lotteries.lottery_close_view,
        name="engagement_lottery_close",
    ),
    path(
        "engagement/lotteries/<int:lottery_id>/draw/",
        lotteries.lottery_draw_view,
        name="engagement_lottery_draw",
    ),
    path("engagement/surveys/", surveys.survey_list, name="engagement_surveys"),
    path("engagement/surveys/new/", surveys.survey_create_view, name="engagement_survey_create"),
    path("engagement/surveys/sample/", surveys.survey_sample, name="engagement_survey_sample"),
    path("engagement/surveys/<int:survey_id>/", surveys.survey_detail, name="engagement_survey"),
    path(
        "engagement/surveys/<int:survey_id>/send/",
        surveys.survey_send_view,
        name="engagement_survey_send",
    ),
    path("engagement/contacts/", contacts.contacts_page, name="engagement_contacts"),
    # Segments, campaigns and automations (CAMPAIGNS_VIEW; changes CAMPAIGNS; the lifecycle
    # thresholds and the recompute AUDIENCES_MANAGE)
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_create_view, name="campaign_create"),
    path("campaigns/preview/", campaigns.template_preview, name="campaign_template_preview"),
    path("campaigns/<int:campaign_id>/", campaigns.campaign_detail, name="campaign"),
    path(
        "campaigns/<int:campaign_id>/schedule/",
        campaigns.campaign_schedule_view,
        name="campaign_schedule",
    ),
    path(
        "campaigns/<int:campaign_id>/launch/",
        campaigns.campaign_launch_view,
        name="campaign_launch",
    ),
    path(
        "campaigns/<int:campaign_id>/cancel/",
        campaigns.campaign_cancel_view,
        name="campaign_cancel",
    ),
    path(
        "campaigns/<int:campaign_id>/progress/",
        campaigns.campaign_progress_view,
        name="campaign_progress",
    ),
    path(
        "campaigns/<int:campaign_id>/results/",
        campaigns.campaign_results_view,
        name="campaign_results",
    ),
    path("campaigns/automations/", automations.automation_list, name="automations"),
    path(
        "campaigns/automations/new/",
        automations.automation_create_view,
        name="automation_create",
    ),
    path(
        "campaigns/automations/<int:automation_id>/",
        automations.automation_edit,
        name="automation",
    ),
    path(
        "campaigns/automations/<int:automation_id>/switch/",
        automations.automation_switch_view,
        name="automation_switch",
    ),
    path("campaigns/segments/", segments.segment_list, name="segments"),
    path("campaigns/segments/new/", segments.segment_create_view, name="segment_create"),
    path("campaigns/segments/count/", segments.segment_count_view, name="segment_count"),
    path("campaigns/segments/preview/", segments.segment_preview_view, name="segment_preview"),
    path("campaigns/segments/<int:segment_id>/", segments.segment_edit, name="segment"),
    path(
        "campaigns/segments/<int:segment_id>/archive/",
        segments.segment_archive_view,
        name="segment_archive",
    ),
    path(
        "campaigns/segments/<int:segment_id>/export/",
        segments.segment_export,
        name="segment_export",
    ),
    path("campaigns/lifecycle/", segments.lifecycle, name="lifecycle"),
    path("campaigns/lifecycle/policy/", segments.lifecycle_policy, name="lifecycle_policy"),
    path("campaigns/lifecycle/recompute/", segments.recompute, name="lifecycle_recompute"),
    # Dashboard (DASHBOARD_VIEW)
    path("dashboard/", dashboard.dashboard, name="dashboard"),
]
