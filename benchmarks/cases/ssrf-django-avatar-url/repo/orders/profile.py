import requests
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.views.decorators.http import require_POST


@require_POST
@login_required
def import_avatar(request):
    avatar_url = request.POST["avatar_url"]
    response = requests.get(avatar_url, timeout=10)
    response.raise_for_status()
    name = default_storage.save(f"avatars/{request.user.pk}.png", ContentFile(response.content))
    return JsonResponse({"avatar": default_storage.url(name)})
