"use strict";
// The admin's autocomplete fields post what is typed, with the page's CSRF token, instead of putting it in the
// URL (staff/admin_site.py). Django's autocomplete.js and select2 stay as they are: this only changes the method of
// their requests to the autocomplete address, before jQuery builds them. Pages without an autocomplete field have no
// jQuery, and need nothing.
{
    const autocompletePath = document.currentScript.dataset.autocompleteUrl;
    const csrfToken = () => document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";

    if (window.django?.jQuery) {
        django.jQuery.ajaxPrefilter((options, originalOptions, request) => {
            if (new URL(options.url, document.baseURI).pathname !== autocompletePath) {
                return;
            }
            options.type = "POST";
            request.setRequestHeader("X-CSRFToken", csrfToken());
        });
    }
}
