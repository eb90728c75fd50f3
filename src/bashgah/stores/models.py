from django.db import models
from django.utils.translation import gettext_lazy as _


class Store(models.Model):
    """A branch, a web shop or any other place purchases come from."""

    code = models.SlugField(max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    city = models.CharField(_("city"), max_length=80, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
