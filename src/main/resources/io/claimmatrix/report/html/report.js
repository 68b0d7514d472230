// claim-matrix HTML report: opens a variant's details from the grid, the list or the chart.
// All text is set with textContent: names, SQL and messages are data, never markup.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('claim-matrix-data').textContent);
  var byName = {};
  data.variants.forEach(function (v) { byName[v.name] = v; });
  var dialog = document.getElementById('details');
  var body = document.getElementById('details-body');
  var SVG = 'http://www.w3.org/2000/svg'; // a namespace name, not a request

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function section(title) { body.appendChild(el('h4', {}, title)); }
  function rows(pairs) {
    var dl = el('dl');
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === '') { return; }
      dl.appendChild(el('dt', {}, p[0]));
      dl.appendChild(el('dd', {}, p[1]));
    });
    return dl;
  }

  function open(name) {
    var v = byName[name];
    if (!v) { return; }
    body.textContent = '';
    body.appendChild(el('h3', { id: 'details-name' }, v.name));
    var head = el('p');
    head.appendChild(el('span', { 'class': 'badge v-' + v.verdict.toLowerCase(), 'data-verdict': v.verdict }, v.verdict));
    head.appendChild(document.createTextNode(v.verdictMeaning));
    body.appendChild(head);
    var expect;
    if (!v.expectedVerdict) {
      expect = el('p', { 'class': 'expect' }, 'No expectation recorded: this verdict is reported, not checked.');
    } else if (v.matches) {
      expect = el('p', { 'class': 'expect ok' }, 'As expected (' + v.expectedVerdict + '): ' + (v.expectedWhy || ''));
    } else {
      expect = el('p', { 'class': 'expect bad' }, 'Differs: expected ' + v.expectedVerdict + ' because ' + (v.expectedWhy || '') + '.');
    }
    body.appendChild(expect);

    section('Why');
    body.appendChild(el('p', { 'class': 'reason' }, v.reason));

    section('Measured');
    var byFixture = Object.keys(v.verdictsByFixture || {}).map(function (k) { return k + ': ' + v.verdictsByFixture[k]; }).join(' · ');
    var aborts = Object.keys(v.abortsBySqlState || {}).map(function (k) { return k + ' ×' + v.abortsBySqlState[k]; }).join(', ');
    body.appendChild(rows([
      ['isolation', v.isolation],
      ['verdict by fixture', byFixture],
      ['aliases', (v.aliases || []).join(', ')],
      ['committed claims', v.committedClaims],
      ['committed duplicates', v.committedDuplicates],
      ['aborted claims', v.abortedClaims + (aborts ? ' (' + aborts + ')' : '')],
      ['eligible never claimed', v.missedAccounts],
      ['ineligible claimed', v.ineligibleClaims],
      ['run', v.rounds + ' round(s) × ' + v.workers + ' worker(s), fixture ' + v.fixture + ', ' + v.elapsedMillis + ' ms, ' + v.claimsPerSecond + ' claims/s'],
      ['rejected with', v.rejection]
    ]));
    if (v.dimensions) {
      var dims = el('p', { 'class': 'dims' });
      dims.textContent = Object.keys(v.dimensions).map(function (k) { return k + ': ' + v.dimensions[k]; }).join(' · ');
      section('Dimensions');
      body.appendChild(dims);
    }
    if (v.evidence && v.evidence.length) {
      section('Evidence');
      var ul = el('ul', { 'class': 'evidence' });
      v.evidence.forEach(function (e) { ul.appendChild(el('li', {}, e)); });
      body.appendChild(ul);
    }
    section('Claim SQL');
    body.appendChild(el('pre', { 'class': 'sql' }, v.sql));
    if (v.timeline && v.timeline.length) {
      section('Timeline');
      body.appendChild(drawTimeline(v.timeline));
    }
    if (!dialog.open) { dialog.showModal(); }
    dialog.scrollTop = 0;
    history.replaceState(null, '', '#' + encodeURIComponent(v.name));
  }

  // Timeline hook (see TimelineSource): one lane per worker, one bar per event, coloured by outcome.
  function drawTimeline(events) {
    var lanes = [];
    events.forEach(function (e) { if (lanes.indexOf(e.lane) < 0) { lanes.push(e.lane); } });
    var t0 = Math.min.apply(null, events.map(function (e) { return e.startMillis; }));
    var t1 = Math.max.apply(null, events.map(function (e) { return e.endMillis; }));
    var labelW = 80, width = 900, laneH = 18, span = Math.max(t1 - t0, 1e-6);
    var svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('class', 'timeline');
    svg.setAttribute('width', width);
    svg.setAttribute('height', lanes.length * laneH + 20);
    lanes.forEach(function (lane, i) {
      var t = document.createElementNS(SVG, 'text');
      t.setAttribute('x', 0); t.setAttribute('y', i * laneH + 12); t.textContent = lane;
      svg.appendChild(t);
    });
    events.forEach(function (e) {
      var r = document.createElementNS(SVG, 'rect');
      var x = labelW + (e.startMillis - t0) / span * (width - labelW - 10);
      r.setAttribute('x', x.toFixed(1));
      r.setAttribute('y', lanes.indexOf(e.lane) * laneH + 2);
      r.setAttribute('width', Math.max(1.5, (e.endMillis - e.startMillis) / span * (width - labelW - 10)).toFixed(1));
      r.setAttribute('height', laneH - 5);
      r.setAttribute('class', ['committed', 'aborted', 'duplicate'].indexOf(e.outcome) >= 0 ? e.outcome : 'other');
      var title = document.createElementNS(SVG, 'title');
      title.textContent = e.label + ' (' + e.outcome + ', ' + e.startMillis.toFixed(1) + '–' + e.endMillis.toFixed(1) + ' ms)';
      r.appendChild(title);
      svg.appendChild(r);
    });
    var axis = document.createElementNS(SVG, 'text');
    axis.setAttribute('x', labelW); axis.setAttribute('y', lanes.length * laneH + 14);
    axis.textContent = t0.toFixed(1) + ' ms … ' + t1.toFixed(1) + ' ms';
    svg.appendChild(axis);
    return svg;
  }

  document.addEventListener('click', function (ev) {
    var target = ev.target.closest('[data-variant]');
    if (target && !dialog.contains(target)) { open(target.getAttribute('data-variant')); }
  });
  dialog.addEventListener('close', function () { history.replaceState(null, '', location.pathname + location.search); });
  if (location.hash.length > 1) { open(decodeURIComponent(location.hash.substring(1))); }
  document.body.setAttribute('data-ready', 'true');
})();
