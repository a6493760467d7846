// The invitation link carries its token after "#", a part browsers never send to the server, so that no access log
// keeps it. Put it in the page's form, take it out of the address bar and history, and post it.
(function () {
  "use strict";
  var token = window.location.hash.slice(1);
  var form = document.getElementById("invitation-open");
  if (!token || !form) {
    return;
  }
  window.history.replaceState(null, "", window.location.pathname + window.location.search);
  form.elements.token.value = token;
  form.submit();
})();
