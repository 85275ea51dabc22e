/* Seeker pages: small progressive enhancements. Every page works without this file.
   - marks the page as having JavaScript (maps are only shown then);
   - moves focus to a form's error summary, so screen reader users hear what went wrong;
   - leaves empty and default fields out of the search URL, so shared links stay short;
   - suggests conditions as you type (ARIA 1.2 combobox with a listbox popup), from the site's own
     suggestion endpoint (its own rate allowance, not the public API's), debounced so a word typed
     is one request, not one per keystroke; crisis words show the services for what was found.
   Its words come from data-text-* attributes, translated on the server.
   No third-party requests, no storage, nothing sent anywhere but this site. */
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  var summary = document.querySelector('[data-focus-on-load]');
  if (summary) {
    summary.focus();
  }

  var DEFAULTS = { telehealth: 'include', radius_mi: '25', sort: 'best' };
  var DEBOUNCE_MS = 350; // one request when typing pauses, not one per keystroke

  function enableAll() {
    var off = document.querySelectorAll('form[data-search-form] [data-disabled-for-submit]');
    Array.prototype.forEach.call(off, function (el) {
      el.disabled = false;
      el.removeAttribute('data-disabled-for-submit');
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('form[data-search-form]'), function (form) {
    form.addEventListener('submit', function () {
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.disabled || el.type === 'submit') {
          return;
        }
        var empty = (el.type === 'text' || el.tagName === 'SELECT' || el.type === 'hidden') && !el.value.trim();
        var isDefault = DEFAULTS[el.name] === el.value && (el.type !== 'radio' || el.checked);
        if (empty || isDefault) {
          el.disabled = true;
          el.setAttribute('data-disabled-for-submit', '');
        }
      });
    });
  });
  // Coming back with the Back button restores the page as it was: re-enable the fields.
  window.addEventListener('pageshow', enableAll);

  var input = document.querySelector('input[data-suggest]');
  if (input && window.fetch) {
    setupSuggestions(input);
  }

  function setupSuggestions(input) {
    var wrap = input.closest('.suggest');
    var popup = wrap.querySelector('.suggest-popup');
    var list = wrap.querySelector('[role="listbox"]');
    var status = document.getElementById('condition-status');
    var crisis = document.getElementById('condition-crisis');
    var url = input.getAttribute('data-suggest');
    var lang = document.documentElement.lang || 'en';
    function text(name, values) {
      var said = wrap.getAttribute('data-text-' + name) || '';
      Object.keys(values || {}).forEach(function (key) {
        said = said.split('{' + key + '}').join(values[key]);
      });
      return said;
    }
    var options = [];
    var active = -1;
    var timer = null;
    var lastQuery = '';
    var controller = null;

    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', list.id);

    input.addEventListener('input', function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });
    input.addEventListener('keydown', function (event) {
      if (popup.hidden) {
        if (event.key === 'ArrowDown' && options.length) {
          open();
          move(0);
          event.preventDefault();
        }
        return;
      }
      if (event.key === 'ArrowDown') {
        move(active + 1);
        event.preventDefault();
      } else if (event.key === 'ArrowUp') {
        move(active - 1);
        event.preventDefault();
      } else if (event.key === 'Enter') {
        if (active >= 0) {
          choose(active);
          event.preventDefault();
        } else {
          close();
        }
      } else if (event.key === 'Escape') {
        close();
        event.preventDefault();
      } else if (event.key === 'Tab') {
        close();
      }
    });
    input.addEventListener('blur', function () {
      window.setTimeout(close, 150);
    });
    list.addEventListener('mousedown', function (event) {
      event.preventDefault(); // keep focus in the input while choosing with a mouse
    });
    list.addEventListener('click', function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) {
        choose(Number(option.getAttribute('data-index')));
      }
    });

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < 3) {
        lastQuery = '';
        render([], false);
        return;
      }
      if (query === lastQuery) {
        return;
      }
      lastQuery = query;
      if (controller && window.AbortController) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      fetch(url + '?lang=' + encodeURIComponent(lang) + '&q=' + encodeURIComponent(query.slice(0, 200)), {
        headers: { Accept: 'application/json' },
        credentials: 'same-origin',
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (data) {
        if (data && input.value.trim() === query && document.activeElement === input) {
          showCrisis(data.safety);
          render(data.matches || [], Boolean(data.crisis));
        }
      }).catch(function () { /* suggestions are optional: the form works without them */ });
    }

    function link(href, label) {
      var a = document.createElement('a');
      a.href = href;
      a.textContent = label;
      return a;
    }

    // The services for the kinds found, most relevant first (the first three), after the message.
    function showCrisis(safety) {
      if (!safety || !safety.resources) {
        return;
      }
      crisis.textContent = '';
      var message = document.createElement('p');
      message.textContent = safety.message || '';
      crisis.appendChild(message);
      var list = document.createElement('ul');
      safety.resources.slice(0, 3).forEach(function (r) {
        var li = document.createElement('li');
        var name = document.createElement('strong');
        name.textContent = r.name;
        li.appendChild(name);
        if (r.phone) {
          li.appendChild(document.createTextNode(' '));
          li.appendChild(link('tel:' + r.phone, text('call', { phone: r.phone })));
        }
        if (r.sms) {
          li.appendChild(document.createTextNode(' · '));
          li.appendChild(link('sms:' + r.sms.number, r.sms.keyword
            ? text('sms-keyword', { keyword: r.sms.keyword, number: r.sms.number })
            : text('sms', { number: r.sms.number })));
        }
        if (r.chat_url) {
          li.appendChild(document.createTextNode(' · '));
          li.appendChild(link(r.chat_url, text('chat')));
        }
        list.appendChild(li);
      });
      crisis.appendChild(list);
    }

    function render(matches, isCrisis) {
      crisis.hidden = !isCrisis;
      list.textContent = '';
      options = matches.slice(0, 6);
      active = -1;
      input.removeAttribute('aria-activedescendant');
      options.forEach(function (match, index) {
        var li = document.createElement('li');
        li.id = 'condition-option-' + index;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.setAttribute('data-index', String(index));
        li.textContent = match.label;
        if (match.evidence === 'not-indicated' || match.evidence === 'limited') {
          var note = document.createElement('span');
          note.className = 'evidence';
          note.textContent = match.evidence === 'limited'
            ? text('limited')
            : text('not-indicated');
          li.appendChild(document.createTextNode(' '));
          li.appendChild(note);
        }
        list.appendChild(li);
      });
      var said = '';
      if (isCrisis) {
        said = (crisis.querySelector('p') || crisis).textContent + ' ';
      }
      if (options.length) {
        open();
        said += (options.length === 1 ? text('one') : text('many', { n: options.length })) +
          ' ' + text('keys');
      } else {
        close();
      }
      status.textContent = said;
    }

    function open() {
      popup.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function close() {
      popup.hidden = true;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
      setActive(-1);
    }

    function setActive(index) {
      Array.prototype.forEach.call(list.children, function (li, i) {
        li.setAttribute('aria-selected', i === index ? 'true' : 'false');
      });
      active = index;
    }

    function move(index) {
      if (!options.length) {
        return;
      }
      var next = (index + options.length) % options.length;
      setActive(next);
      var li = list.children[next];
      input.setAttribute('aria-activedescendant', li.id);
      li.scrollIntoView({ block: 'nearest' });
    }

    function choose(index) {
      var match = options[index];
      if (!match) {
        return;
      }
      input.value = match.label;
      lastQuery = match.label;
      close();
      status.textContent = text('chosen', { label: match.label });
      input.focus();
    }
  }
})();
