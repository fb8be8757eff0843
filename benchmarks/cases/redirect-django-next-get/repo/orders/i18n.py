from django.http import HttpResponseRedirect
from django.utils import translation


def switch_language(request):
    language = request.GET.get("lang", "en")
    translation.activate(language)
    response = HttpResponseRedirect(request.GET.get("next", "/"))
    response.set_cookie("django_language", language, secure=True, httponly=True)
    return response
