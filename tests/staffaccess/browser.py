"""Signing staff in to the admin in Chromium, second factor included."""

from django.contrib.auth import get_user_model

from tests.staffaccess.codes import app_code, key_from_page, next_code


def admin_sign_in(page, username, password):
    """Signs in through the admin's pages; sets up an authenticator the first time. Returns
    what a `securitypolicyviolation` listener (if the page has one) caught on those pages."""
    seen = []

    def caught():
        seen.extend(page.evaluate("window.__violations || []"))

    page.goto("/en/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    caught()
    page.click("input[type=submit]")
    page.wait_for_load_state()
    caught()
    if "/second-factor/setup/" in page.url:
        page.fill("input[name=code]", app_code(key_from_page(page.inner_text("code.key"))))
        page.click("input[type=submit]")
        page.wait_for_selector(".recovery-codes")
        caught()
        page.click("text=I have kept them: continue")
    elif "/second-factor/" in page.url:
        page.fill("input[name=code]", next_code(get_user_model().objects.get(username=username)))
        page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    caught()
    return seen
