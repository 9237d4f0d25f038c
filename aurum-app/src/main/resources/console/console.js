// Aurum console: no framework, no build step. Every call goes through the session cookie (set by
// POST /console/session from the token pasted at login); changes carry X-Aurum-Console.
(function () {
  'use strict';
  var $ = function (sel, root) { return (root || document).querySelector(sel); };
  var $$ = function (sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); };

  function announce(text) {
    var a = $('#announce');
    if (a) { a.textContent = text; }
  }

  function call(method, url, body, token) {
    var headers = { 'X-Aurum-Console': '1' };
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    if (token) { headers['Authorization'] = 'Bearer ' + token; }
    return fetch(url, {
      method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) {
      return r.text().then(function (t) {
        var doc = null;
        try { doc = t ? JSON.parse(t) : null; } catch (e) { doc = t; }
        if (!r.ok) {
          var msg = doc && doc.detail ? doc.detail : (r.status + ' ' + r.statusText);
          throw new Error(msg);
        }
        return doc;
      });
    });
  }

  function text(el, s) { if (el) { el.textContent = s; } }

  // Sign in: the token goes once in a header; the server keeps it in an HttpOnly cookie.
  var login = $('#login');
  if (login) {
    login.addEventListener('submit', function (e) {
      e.preventDefault();
      call('POST', '/console/session', undefined, $('#token').value.trim())
        .then(function () { location.href = '/console'; })
        .catch(function (err) { text($('#login-error'), err.message); });
    });
  }
  var logout = $('#logout');
  if (logout) {
    logout.addEventListener('click', function () {
      call('POST', '/console/logout').finally(function () { location.href = '/console/login'; });
    });
  }

  function setBar(root, row) {
    var bar = $('progress', root);
    if (bar) { bar.value = row.percent; }
    text($('.pct', root), row.percent + ' %');
    text($('.count', root), '(' + row.done + ' of ' + row.tasks + ' partitions)');
    text($('.state', root), row.state);
  }

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // Operations list: one stream, rows updated or added as events come.
  var ops = $('#ops');
  if (ops) {
    var listStream = new EventSource(ops.dataset.stream);
    listStream.addEventListener('operations', function (ev) {
      JSON.parse(ev.data).forEach(function (row) {
        var tr = $('tr[data-id="' + row.operation_id + '"]', ops);
        if (!tr) {
          tr = document.createElement('tr');
          tr.dataset.id = row.operation_id;
          tr.innerHTML = '<td><a href="/console/operations/' + esc(row.operation_id) + '">' +
            esc(row.operation_id) + '</a></td><td>' + esc(row.type) + '</td><td>' + esc(row.source) +
            '</td><td class="state"></td><td><progress class="bar" max="100" aria-label="Progress">' +
            '</progress> <span class="pct"></span> <span class="count"></span></td>';
          $('tbody', ops).prepend(tr);
        }
        setBar(tr, row);
      });
    });
  }

  // One operation: its stream, announced in the live region, closed once it ended.
  var op = $('#op');
  if (op) {
    var opStream = new EventSource(op.dataset.stream);
    var lastAnnounced = -1;
    opStream.addEventListener('progress', function (ev) {
      var row = JSON.parse(ev.data);
      setBar(op, row);
      op.dataset.state = row.state;
      op.dataset.percent = row.percent;
      var tenth = Math.floor(row.percent / 10);
      if (tenth !== lastAnnounced || row.ended) {
        lastAnnounced = tenth;
        announce('Operation ' + row.state + ', ' + row.percent + ' % done');
      }
    });
    $$('button[data-action]', op).forEach(function (b) {
      b.addEventListener('click', function () {
        var action = b.dataset.action;
        if (action === 'cancel' && !confirm('Cancel operation ' + op.dataset.id + '?')) { return; }
        text($('#control-error'), '');
        call('POST', '/api/operations/' + op.dataset.id + '/' + action, {})
          .then(function (s) { text($('.state', op), s.state); announce(action + ': ' + s.state); })
          .catch(function (err) { text($('#control-error'), err.message); });
      });
    });
  }

  // Start a backfill, then go to its page.
  var bf = $('#backfill-form');
  if (bf) {
    bf.addEventListener('submit', function (e) {
      e.preventDefault();
      var body = { source: $('#bf-source').value, start_date: $('#bf-start').value,
        end_date: $('#bf-end').value };
      if ($('#bf-datasets').value.trim()) { body.datasets = $('#bf-datasets').value.trim(); }
      if ($('#bf-reason').value.trim()) { body.reason = $('#bf-reason').value.trim(); }
      if ($('#bf-concurrency').value) { body.concurrency = parseInt($('#bf-concurrency').value, 10); }
      if ($('#bf-batch').value) { body.batch_size = parseInt($('#bf-batch').value, 10); }
      text($('#bf-error'), '');
      call('POST', '/api/backfills', body)
        .then(function (s) {
          if (s && s.operation_id) { location.href = '/console/operations/' + s.operation_id; }
          else { text($('#bf-error'), 'Nothing to do: every partition is already covered.'); }
        })
        .catch(function (err) { text($('#bf-error'), err.message); });
    });
  }

  // Emergency stop: a dialog asking for a reason and a confirmation.
  var stopOpen = $('#stop-open');
  if (stopOpen) {
    var dialog = $('#stop-dialog');
    stopOpen.addEventListener('click', function () { dialog.showModal(); $('#stop-reason').focus(); });
    $('#stop-cancel').addEventListener('click', function () { dialog.close(); stopOpen.focus(); });
    $('#stop-form').addEventListener('submit', function (e) {
      e.preventDefault();
      call('POST', '/api/emergency/stop', { all: true, reason: $('#stop-reason').value.trim() })
        .then(function () { dialog.close(); announce('Emergency declared: operations stop'); location.reload(); })
        .catch(function (err) { text($('#stop-error'), err.message); });
    });
  }

  // Read-only views: an API document as tables.
  function table(rows) {
    if (!rows.length) { return '<p>None.</p>'; }
    var cols = [];
    rows.forEach(function (r) {
      Object.keys(r).forEach(function (k) { if (cols.indexOf(k) < 0) { cols.push(k); } });
    });
    return '<table><thead><tr>' + cols.map(function (c) { return '<th scope="col">' + esc(c) + '</th>'; }).join('') +
      '</tr></thead><tbody>' + rows.map(function (r) {
        return '<tr>' + cols.map(function (c) {
          var v = r[c];
          return '<td>' + esc(v !== null && typeof v === 'object' ? JSON.stringify(v) : v) + '</td>';
        }).join('') + '</tr>';
      }).join('') + '</tbody></table>';
  }

  function render(doc) {
    if (Array.isArray(doc)) { return table(doc.map(function (r) { return typeof r === 'object' ? r : { value: r }; })); }
    if (doc === null || typeof doc !== 'object') { return '<pre>' + esc(doc) + '</pre>'; }
    var facts = '', parts = '';
    Object.keys(doc).forEach(function (k) {
      var v = doc[k];
      if (Array.isArray(v)) { parts += '<h3>' + esc(k) + '</h3>' + render(v); }
      else if (v !== null && typeof v === 'object') { parts += '<h3>' + esc(k) + '</h3>' + render(v); }
      else { facts += '<dt>' + esc(k) + '</dt><dd>' + esc(v) + '</dd>'; }
    });
    return (facts ? '<dl class="facts">' + facts + '</dl>' : '') + parts;
  }

  function calendar(doc) {
    var days = [];
    for (var d = new Date(doc.start + 'T00:00:00Z'); d <= new Date(doc.end + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + 1)) {
      days.push(d.toISOString().slice(0, 10));
    }
    var html = '<div class="grid-wrap"><table class="grid calendar"><caption>' + esc(doc.source) + ', ' +
      esc(doc.start) + ' to ' + esc(doc.end) + '</caption><thead><tr><th scope="col">Dataset</th>' +
      days.map(function (day) { return '<th scope="col" title="' + day + '">' + day.slice(8) + '</th>'; }).join('') +
      '</tr></thead><tbody>';
    doc.datasets.forEach(function (ds) {
      html += '<tr><th scope="row">' + esc(ds.dataset) + '</th>';
      days.forEach(function (day) {
        // A dataset with no partition expected here (a monthly one, say) has no day to colour.
        var kind = ds.expected === 0 ? 'not expected' : 'present';
        ds.ranges.forEach(function (r) { if (day >= r.start && day <= r.end) { kind = r.kind; } });
        var cls = kind === 'missing' ? 's-failed' : kind === 'incomplete' ? 's-conflict' :
          kind === 'present' ? 's-published' : 's-pending';
        html += '<td class="cell ' + cls + '" title="' + esc(ds.dataset) + ' ' + day + ': ' + kind + '">' +
          '<span aria-hidden="true">' + kind.charAt(0).toUpperCase() + '</span><span class="visually-hidden">' +
          day + ' ' + kind + '</span></td>';
      });
      html += '</tr>';
    });
    return html + '</tbody></table></div>' + render({ missing: doc.missing, incomplete: doc.incomplete });
  }

  $$('[data-view]').forEach(function (view) {
    var url = view.dataset.url;
    var load = function (u, append) {
      return call('GET', u).then(function (doc) {
        if (view.dataset.view === 'gaps') { view.innerHTML = calendar(doc); return; }
        if (view.dataset.view === 'audit') {
          view.insertAdjacentHTML('beforeend', table(doc.entries));
          var more = $('#more');
          more.hidden = !doc.next_cursor;
          more.onclick = function () { load(url + '&cursor=' + encodeURIComponent(doc.next_cursor), true); };
          announce(doc.entries.length + ' audit entries shown');
          return;
        }
        view.innerHTML = render(doc);
      }).catch(function (err) { view.innerHTML = '<p class="error" role="alert">' + esc(err.message) + '</p>'; });
    };
    load(url, false);
  });

  // Quotas: requests, 429s and headroom per minute, drawn by uPlot.
  var chart = $('#quota-chart');
  if (chart && window.uPlot) {
    call('GET', chart.dataset.url).then(function (h) {
      if (!h.minute.length) { chart.innerHTML = '<p>No upstream traffic recorded in this window.</p>'; return; }
      new uPlot({
        title: 'Upstream traffic of ' + h.source + ' per minute', width: Math.min(1100, chart.clientWidth || 900), height: 320,
        series: [{}, { label: 'requests', stroke: '#0969da' }, { label: '429s', stroke: '#cf222e' },
          { label: 'quota headroom', stroke: '#2da44e', scale: 'left' }],
        scales: { x: { time: true, range: [Date.parse(h.from) / 1000, Date.parse(h.to) / 1000] } },
        axes: [{}, {}]
      }, [h.minute, h.requests, h.throttled, h.quota_left], chart);
      chart.insertAdjacentHTML('beforeend', render({ minutes: h.minute.length,
        requests: h.requests.reduce(function (a, b) { return a + b; }, 0),
        throttled_429: h.throttled.reduce(function (a, b) { return a + b; }, 0) }));
    }).catch(function (err) { chart.innerHTML = '<p class="error" role="alert">' + esc(err.message) + '</p>'; });
  }
}());
