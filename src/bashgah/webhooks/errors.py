"""What can be wrong with a webhook request, in the reader's language."""

from django.utils.translation import gettext_lazy as _

from bashgah.core.errors import Conflict, NotFound, ValidationFailed


class WebhookUrlInvalid(ValidationFailed):
    code = "webhook_url_invalid"
    default_message = _("Enter the full address of your endpoint, starting with https://.")


class WebhookUrlNotHttps(ValidationFailed):
    code = "webhook_url_not_https"
    default_message = _("Webhook addresses must use https://.")


class WebhookUrlPrivate(ValidationFailed):
    code = "webhook_url_private"
    default_message = _(
        "Webhook addresses must be reachable on the internet, not on this machine or a "
        "private network."
    )


class WebhookEventTypesInvalid(ValidationFailed):
    code = "webhook_event_types_invalid"
    default_message = _('Choose at least one event type, or "*" for all of them.')


class WebhookEventTypesUnknown(ValidationFailed):
    code = "webhook_event_types_unknown"
    default_message = _(
        "Some of these event types do not exist; the list of event types is in the API "
        "documentation."
    )


class WebhookDescriptionTooLong(ValidationFailed):
    code = "webhook_description_too_long"
    default_message = _("Keep the description to 200 characters or fewer.")


class WebhookSecretGraceInvalid(ValidationFailed):
    code = "webhook_secret_grace_invalid"
    default_message = _("The previous secret can be kept for 0 to 168 hours.")


class WebhookSubscriptionNotFound(NotFound):
    code = "webhook_subscription_not_found"
    default_message = _("There is no webhook subscription with this id.")


class WebhookDeliveryNotFound(NotFound):
    code = "webhook_delivery_not_found"
    default_message = _("There is no webhook delivery with this id.")


class WebhookSubscriptionDisabled(Conflict):
    code = "webhook_subscription_disabled"
    default_message = _("This subscription is turned off; turn it on before redelivering.")
