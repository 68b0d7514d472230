// claim-matrix HTML report: opens a result's details (a variant under a statistics condition) from the grid, the
// lists, the model sections or the chart.
// All text is set with textContent: names, SQL and messages are data, never markup.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('claim-matrix-data').textContent);
  var byKey = {}, byName = {};
  data.variants.forEach(function (v) {
    byKey[v.key] = v;
    (byName[v.name] = byName[v.name] || []).push(v);
  });
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

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // A key (name [statistics]), or a bare variant name (its first result), e.g. from an older link.
  function find(key) { return byKey[key] || (byName[key] || [])[0]; }

  function open(key) {
    var v = find(key);
    if (!v) { return; }
    body.textContent = '';
    body.appendChild(el('h3', { id: 'details-name' }, v.name));
    var head = el('p');
    head.appendChild(el('span', { 'class': 'badge v-' + v.verdict.toLowerCase(), 'data-verdict': v.verdict }, v.verdict));
    head.appendChild(document.createTextNode(v.verdictMeaning));
    body.appendChild(head);
    var conditions = v.statistics.indexOf(',') >= 0
      ? 'Measured once for fresh and stale statistics: the claim statement plans the same under both.'
      : 'Measured under ' + v.statistics + ' statistics.';
    body.appendChild(el('p', { 'class': 'statistics', 'data-statistics': v.statistics }, conditions));
    var siblings = (byName[v.name] || []).filter(function (o) { return o !== v; });
    if (siblings.length) {
      var others = el('p', { 'class': 'siblings' }, 'Also measured: ');
      siblings.forEach(function (o) {
        others.appendChild(el('button', { type: 'button', 'class': 'chip v-' + o.verdict.toLowerCase(), 'data-key': o.key },
          o.statistics + ' statistics: ' + o.verdict));
      });
      body.appendChild(others);
    }
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

    if (v.prediction) {
      section('Predicted');
      var p = v.prediction;
      body.appendChild(el('p', { 'class': p.agrees ? 'expect ok' : 'expect bad' },
        'Predicted ' + p.verdict + ' (' + p.rule + ')' + (p.agrees ? ', as measured: ' : ', not the measured ' + v.verdict + ': ')
        + p.reason + (p.fix ? ' Fix: ' + p.fix + '.' : '')));
    }

    if (v.search) {
      section('Interleaving search');
      var s = v.search;
      body.appendChild(el('p', { 'class': s.agrees ? 'expect ok' : 'expect bad' },
        'The search implies ' + s.implied + (s.agrees ? ', as the soak measured.' : ', not the soak\'s ' + v.verdict + ': ' + s.why)));
      var searched = Object.keys(s.broken || {}).map(function (k) {
        return [k, s.evidence[k] + ' — replay: explain ' + v.name + " -s '" + s.broken[k] + "'"];
      });
      (s.holds || []).forEach(function (k) { searched.push([k, 'holds']); });
      searched.push(['bound', s.bound + '; ' + s.explored + ' explored, ' + s.pruned + ' pruned, ' + (s.millis / 1000).toFixed(1) + ' s'
        + (s.exhausted ? '' : ', cut short by the search budget')]);
      body.appendChild(rows(searched));
    }

    section('Measured');
    var byFixture = Object.keys(v.verdictsByFixture || {}).map(function (k) { return k + ': ' + v.verdictsByFixture[k]; }).join(' · ');
    var aborts = Object.keys(v.abortsBySqlState || {}).sort().map(function (k) { return k + ' ×' + v.abortsBySqlState[k]; }).join(', ');
    var dl = rows([
      ['model', v.model],
      ['statistics', v.statistics],
      ['isolation', v.isolation],
      ['batch', v.batch === null || v.batch === undefined ? 'unbounded' : v.batch + ' row(s) per claim statement'],
      ['verdict by fixture', byFixture],
      ['aliases', (v.aliases || []).join(', ')],
      ['committed claims', v.committedClaims],
      ['duplicates', v.committedDuplicates + ' item(s) claimed by two committed transactions in a round'],
      ['group duplicates', v.modelGroups === false && !v.groupDuplicates ? 'none to count: the model has no groups.sql'
        : v.groupDuplicates + ' group(s) with two items claimed in a round'],
      ['over-claims', v.batch === null || v.batch === undefined ? 'none to count: no batch'
        : v.overclaims + ' claim statement(s) returned more rows than the batch; the most rows one returned: ' + v.largestClaim],
      ['silent misses', v.silentMisses + ' claim(s) found nothing while items were claimable and held by no claim'],
      ['missed items', v.missedItems + ' item(s) still claimable when every worker had stopped'],
      ['ineligible claims', v.ineligibleClaims + ' item(s) claimed that were not claimable'],
      ['lease redeliveries', v.leaseRedeliveries ? v.leaseRedeliveries + ' item(s) claimed again after the lease passed, by design' : ''],
      ['aborted claims', v.abortedClaims + (aborts ? ' (' + aborts + ')' : '')],
      ['run', v.rounds + ' round(s) × ' + v.workers + ' worker(s), fixture ' + v.fixture + ', ' + v.elapsedMillis + ' ms, ' + v.claimsPerSecond + ' claims/s'],
      ['rejected with', v.rejection]
    ]);
    dl.setAttribute('class', 'counts');
    body.appendChild(dl);
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
    var planned = Object.keys(v.plans || {});
    if (planned.length > 1 && planned.every(function (c) { return same(v.plans[c], v.plans[planned[0]]); })) {
      section('Plan, the same under ' + planned.join(' and ') + ' statistics');
      body.appendChild(el('pre', { 'class': 'plan', 'data-statistics': planned.join(', ') }, v.plans[planned[0]].join('\n')));
    } else {
      // This result's own condition first; the other's plan follows, for comparison.
      var mine = v.statistics.split(', ');
      planned.sort(function (a, b) { return (mine.indexOf(a) < 0) - (mine.indexOf(b) < 0); });
      planned.forEach(function (c) {
        var own = mine.indexOf(c) >= 0;
        section('Plan under ' + c + ' statistics' + (own ? '' : ' (not this result\'s condition)'));
        body.appendChild(el('pre', { 'class': 'plan', 'data-statistics': c }, v.plans[c].join('\n')));
      });
    }
    if (v.timeline && v.timeline.length) {
      section('Timeline');
      body.appendChild(drawTimeline(v.timeline));
    }
    if (!dialog.open) { dialog.showModal(); }
    dialog.scrollTop = 0;
    history.replaceState(null, '', '#' + encodeURIComponent(v.key));
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

  // Cells, chart rows and, in the dialog, the links to the variant's other results.
  document.addEventListener('click', function (ev) {
    var target = ev.target.closest('[data-key]');
    if (target) { open(target.getAttribute('data-key')); }
  });
  dialog.addEventListener('close', function () { history.replaceState(null, '', location.pathname + location.search); });
  if (location.hash.length > 1) { open(decodeURIComponent(location.hash.substring(1))); }
  document.body.setAttribute('data-ready', 'true');
})();
