/* Suggestions while typing (combobox + listbox) for input[data-autocomplete=URL] */
(function () {
  var n = 0;
  function set(el, name, value) { el.setAttribute(name, value); }
  document.querySelectorAll("input[data-autocomplete]").forEach(function (input) {
    var id = "ac" + ++n, list = document.createElement("ul"), items = [], active = -1,
      label = input.labels && input.labels[0], timer, ctrl;
    list.id = id; list.className = "ac"; list.hidden = true; set(list, "role", "listbox");
    if (label) { label.id = label.id || id + "l"; set(list, "aria-labelledby", label.id); }
    set(input, "role", "combobox"); set(input, "aria-autocomplete", "list");
    set(input, "aria-controls", id); set(input, "autocomplete", "off");
    input.form.appendChild(list);
    open(false);

    function open(yes) {
      list.hidden = !yes; set(input, "aria-expanded", yes);
      if (!yes) select(-1);
    }
    function select(i) {
      if (items[active]) set(items[active], "aria-selected", false);
      active = i;
      if (items[i]) {
        set(items[i], "aria-selected", true); set(input, "aria-activedescendant", items[i].id);
      } else input.removeAttribute("aria-activedescendant");
    }
    function show(found) {
      list.textContent = ""; items = []; active = -1;
      found.forEach(function (s, i) {
        var li = document.createElement("li"), a = document.createElement("a");
        li.id = id + "-" + i; set(li, "role", "option"); set(li, "aria-selected", false);
        a.href = s.url; a.textContent = s.title; a.tabIndex = -1; a.dir = "auto"; if (s.lang) a.lang = s.lang;
        li.appendChild(a); list.appendChild(li); items.push(li);
      });
      open(items.length > 0 && document.activeElement == input);
    }
    input.addEventListener("input", function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (ctrl) ctrl.abort();
      if (q.length < 2) return open(false);
      timer = setTimeout(function () {
        ctrl = new AbortController();
        var url = input.dataset.autocomplete + "?" +
          new URLSearchParams({ q: q, lang: document.documentElement.lang });
        fetch(url, { signal: ctrl.signal })
          .then(function (r) { return r.ok ? r.json() : {}; })
          .then(function (d) { show(d.suggestions || []); }, function () {});
      }, 200);
    });
    input.addEventListener("keydown", function (e) {
      var down = e.key == "ArrowDown";
      if ((down || e.key == "ArrowUp") && items.length) {
        e.preventDefault();
        open(true);
        select((active + (down ? 1 : active < 0 ? 0 : -1) + items.length) % items.length);
      } else if (e.key == "Enter" && items[active] && !list.hidden) {
        e.preventDefault();
        items[active].firstChild.click();
      } else if (e.key == "Escape" && !list.hidden) {
        e.preventDefault();
        open(false);
      }
    });
    input.addEventListener("blur", function () { open(false); });
    // keep the focus in the field
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
  });
})();
