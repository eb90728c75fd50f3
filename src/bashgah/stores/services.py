from bashgah.stores.models import Store


def store_create(*, code: str, name: str, city: str = "") -> Store:
    return Store.objects.create(code=code, name=name, city=city)
