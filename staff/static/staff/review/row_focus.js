"use strict";
// After an action, the review page comes back at the row acted on (#presentation-12, #suggestion-40: its address's
// fragment, staff/review/review_page.py). The browser scrolls there but leaves the focus at the top of the page, so a
// keyboard user would have to tab through the whole page again: the row takes the focus instead, and the next Tab
// goes on inside it.
{
    const focusRowOfAddress = () => {
        const id = decodeURIComponent(window.location.hash.slice(1));
        const row = id ? document.getElementById(id) : null;
        if (!row || !row.closest("#content")) {
            return;
        }
        if (!row.hasAttribute("tabindex")) {
            row.tabIndex = -1;
        }
        row.focus();
    };
    document.addEventListener("DOMContentLoaded", focusRowOfAddress);
}
