/* The one search box: Enter searches (Shift+Enter starts a new line). The box works without this. */
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('form[data-search-form] textarea[name=q]'), function (box) {
    box.addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        if (box.form.requestSubmit) {
          box.form.requestSubmit();
        } else {
          box.form.submit();
        }
      }
    });
  });
}());
