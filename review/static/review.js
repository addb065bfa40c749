// Keyboard shortcuts and postal-code checks for the sheetscan review app.
// No framework, no network beyond this server: the page works offline.
(function () {
  'use strict';

  // Cells the row has no image for: hide the frame rather than show a
  // broken image.
  document.querySelectorAll('.cell img, .gcell img').forEach(function (img) {
    var miss = function () { img.parentNode.classList.add('missing'); };
    img.addEventListener('error', miss);
    if (img.complete && img.naturalWidth === 0) { miss(); }
  });

  // showPostal writes the validity and communes of code into el.
  var seq = 0;
  function showPostal(code, el, onDone) {
    code = code.replace(/\s+/g, '');
    var mine = ++seq;
    if (code === '') { el.textContent = '—'; el.className = el.className.replace(/\b(in)?valid\b/g, '').trim(); return; }
    if (!/^\d{5}$/.test(code)) {
      el.textContent = /\D/.test(code) ? '✗ autre chose que des chiffres (O pour 0, l pour 1 ?)' : '✗ il faut 5 chiffres';
      el.classList.remove('valid'); el.classList.add('invalid');
      return;
    }
    fetch('/api/postal?code=' + encodeURIComponent(code), { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (p) {
        if (mine !== seq && !onDone) { return; }
        el.textContent = p.valid ? '✓ ' + (p.communes || []).join(', ') : '✗ code inconnu de La Poste';
        el.classList.toggle('valid', p.valid);
        el.classList.toggle('invalid', !p.valid);
      })
      .catch(function () { /* the server checks again on save */ });
  }

  function letter(e) {
    var k = (e.key || '').toLowerCase();
    if (/^[a-z]$/.test(k)) { return k; }
    var m = /^Key([A-Z])$/.exec(e.code || '');
    return m ? m[1].toLowerCase() : '';
  }

  function submitOnce(form) {
    if (form.dataset.sent) { return; }
    form.requestSubmit();
  }

  function togglePage() {
    var d = document.getElementById('context');
    if (!d) { return; }
    d.open = !d.open;
  }
  var ctx = document.getElementById('context');
  if (ctx) {
    ctx.addEventListener('toggle', function () {
      if (!ctx.open) { return; }
      var img = ctx.querySelector('image[data-href]');
      if (img && !img.getAttribute('href')) { img.setAttribute('href', img.getAttribute('data-href')); }
      ctx.scrollIntoView({ block: 'nearest' });
    });
  }

  var undo = document.getElementById('undoform');
  var form = document.getElementById('rowform');
  if (form) {
    var name = document.getElementById('name');
    var postal = document.getElementById('postal');
    var action = document.getElementById('action');
    // After a refused postal code the cursor goes where the doubt is.
    var first = form.querySelector('input[name=force]') && postal ? postal : name;
    if (first) { first.focus(); first.select(); }
    form.addEventListener('submit', function (e) {
      if (form.dataset.sent) { e.preventDefault(); return; }
      if (e.submitter && e.submitter.dataset.action) { action.value = e.submitter.dataset.action; }
      form.dataset.sent = '1'; // Enter pressed twice saves once
    });
    // Keep the claim while the row is open.
    var idField = form.querySelector('input[name=id]');
    var tok = form.querySelector('input[name=csrf]');
    setInterval(function () {
      var body = new URLSearchParams({ id: idField.value });
      fetch('/api/renew', { method: 'POST', body: body, credentials: 'same-origin',
        headers: { 'X-CSRF-Token': tok.value } }).catch(function () {});
    }, 60000);
    // Leaving the row without saving frees it for the others at once.
    window.addEventListener('pagehide', function () {
      if (form.dataset.sent || !navigator.sendBeacon) { return; }
      var fd = new FormData();
      fd.append('id', idField.value);
      fd.append('csrf', tok.value);
      navigator.sendBeacon('/api/release', fd);
    });
    if (postal) {
      var info = document.getElementById('postalinfo');
      var typed = postal.value;
      postal.addEventListener('input', function () {
        // A code changed after a refusal must be checked again.
        if (postal.value !== typed) {
          var f = form.querySelector('input[name=force]');
          if (f) { f.remove(); }
        }
        showPostal(postal.value, info);
      });
    }
  }

  var grid = document.getElementById('columnform');
  if (grid) {
    grid.querySelectorAll('input.gpostal').forEach(function (inp) {
      var cell = inp.closest('tr').querySelector('.gdetail');
      inp.addEventListener('input', function () { showPostal(inp.value, cell, true); });
    });
    var first = grid.querySelector('input[name=value]');
    if (first) { first.focus(); first.select(); }
    grid.addEventListener('submit', function (e) {
      if (grid.dataset.sent) { e.preventDefault(); return; }
      grid.dataset.sent = '1';
    });
  }

  document.addEventListener('keydown', function (e) {
    if (!e.altKey || e.ctrlKey || e.metaKey) { return; }
    var k = letter(e);
    var acts = { b: 'blank', n: 'unsigned', x: 'struck', s: 'skip' };
    if (form && acts[k]) {
      e.preventDefault();
      action.value = acts[k];
      submitOnce(form);
    } else if (k === 'z' && undo) {
      e.preventDefault();
      submitOnce(undo);
    } else if (k === 'p') {
      e.preventDefault();
      togglePage();
    }
  });
  // Shortcuts work from here on (tests wait for this).
  document.body.setAttribute('data-ready', '1');
})();
