// Small behaviours of the workbench, bound by data attributes (no inline handlers: the pages carry
// a Content-Security-Policy that allows only this site's scripts and nonce-marked blocks).
(function () {
  "use strict";
  function on(selector, event, handler) {
    document.addEventListener(event, function (e) {
      var el = e.target.closest(selector);
      if (el) handler(el, e);
    });
  }
  // <select data-fz-autosubmit>: a change submits its form from page 1 (e.g. 每页条数).
  on("select[data-fz-autosubmit]", "change", function (el) {
    if (el.form.page) el.form.page.value = 1;
    el.form.submit();
  });
  // <button data-fz-show="id">: shows element #id and hides the button; data-fz-hide="id" hides #id
  // and shows again the button named in data-fz-restore (a selector).
  on("[data-fz-show]", "click", function (el) {
    document.getElementById(el.dataset.fzShow).hidden = false;
    el.hidden = true;
  });
  on("[data-fz-hide]", "click", function (el) {
    document.getElementById(el.dataset.fzHide).hidden = true;
    var back = el.dataset.fzRestore && document.querySelector(el.dataset.fzRestore);
    if (back) back.hidden = false;
  });
  // <input data-fz-select-all>: a click selects the whole value (e.g. a token shown once).
  on("input[data-fz-select-all]", "click", function (el) { el.select(); });
  // On a phone the menu is a sideways strip: bring the page's own item into view.
  document.addEventListener("DOMContentLoaded", function () {
    var nav = document.querySelector(".fz-sidenav");
    var active = nav && nav.querySelector(".fz-nav-link.active");
    if (active && nav.scrollWidth > nav.clientWidth) {
      nav.scrollLeft = active.offsetLeft - (nav.clientWidth - active.offsetWidth) / 2;
    }
  });
})();
