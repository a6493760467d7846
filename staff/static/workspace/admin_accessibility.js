"use strict";
// What the admin's select2 autocompletes leave out for assistive technologies, put back after select2 renders:
// - a single autocomplete's combobox is named by the field's label, then what is chosen (select2 names it by the
//   chosen item only, which is nothing while the field is empty);
// - the search box of a multiple autocomplete (and the dropdown's, while open) gets the field's label as its name;
// - the "remove all" cross select2 puts directly inside the <ul> of the chosen items is hidden from them (a <ul> may
//   only hold list items, and the cross is mouse-only: Backspace removes items from the keyboard).
// And for Django's two-box multiple choice (SelectFilter2.js): its search icon carries an aria-label without a role,
// which a <span> may not: it is an image described by that label.
// select2 renders in JavaScript, and again at each change, so a MutationObserver does it after every render.
{
    const fieldLabel = (select) => {
        if (!select) {
            return "";
        }
        const label = select.id ? document.querySelector(`label[for="${CSS.escape(select.id)}"]`) : null;
        return (label?.textContent ?? select.getAttribute("aria-label") ?? "").replace(/:\s*$/, "").trim();
    };

    // The <select> behind a search box: the one before the box's select2 container, or the one whose results list
    // the box controls (the dropdown lives at the end of <body>, away from its select).
    const selectOf = (search) => {
        const container = search.closest(".select2-container");
        const previous = container?.previousElementSibling;
        if (previous?.tagName === "SELECT") {
            return previous;
        }
        const results = (search.getAttribute("aria-controls") ?? "").match(/^select2-(.+)-results$/);
        return results ? document.getElementById(results[1]) : null;
    };

    const labelId = (select) => {
        const label = select?.id ? document.querySelector(`label[for="${CSS.escape(select.id)}"]`) : null;
        if (label && !label.id) {
            label.id = `${select.id}-label`;
        }
        return label?.id ?? "";
    };

    const repair = () => {
        for (const combobox of document.querySelectorAll(".select2-selection--single[aria-labelledby]:not([data-labelled])")) {
            combobox.dataset.labelled = "";
            const rendered = document.getElementById(combobox.getAttribute("aria-labelledby"));
            const label = labelId(combobox.closest(".select2-container")?.previousElementSibling);
            if (rendered && label) {
                rendered.setAttribute("aria-labelledby", label);
                combobox.setAttribute("aria-labelledby", `${label} ${rendered.id}`);
            }
        }
        for (const search of document.querySelectorAll(".select2-search__field:not([aria-label])")) {
            const name = fieldLabel(selectOf(search));
            if (name) {
                search.setAttribute("aria-label", name);
            }
        }
        for (const icon of document.querySelectorAll("span.help-tooltip[aria-label]:not([role])")) {
            icon.setAttribute("role", "img");
        }
        for (const cross of document.querySelectorAll("ul.select2-selection__rendered > :not(li):not([aria-hidden])")) {
            cross.setAttribute("aria-hidden", "true");
        }
    };

    new MutationObserver(repair).observe(document.documentElement, {childList: true, subtree: true});
    document.addEventListener("DOMContentLoaded", repair);
}
