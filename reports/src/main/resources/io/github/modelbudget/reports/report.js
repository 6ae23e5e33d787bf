/* Draws the report's charts from the JSON in #report-data with the inlined Chart.js. */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var variants = data.variants;
  var names = variants.map(function (v) { return v.name; });
  var pct = function (v) { return (v * 100).toFixed(2) + '%'; };
  var bytes = function (v) { return v.toLocaleString('en-US') + ' B'; };
  var colors = { baseline: '#cf222e', variant: '#0969da', front: '#1a7f37', raw: '#8c959f', gzip: '#54aeff', zip: '#0969da', p95: '#fb8f44' };

  // Names beside the points, so a printout says which point is which without hovering.
  var pointLabels = {
    id: 'pointLabels',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.font = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      ctx.fillStyle = '#1f2328';
      ctx.textBaseline = 'middle';
      chart.data.datasets.forEach(function (dataset, i) {
        if (!dataset.labelPoints || !chart.isDatasetVisible(i)) { return; }
        chart.getDatasetMeta(i).data.forEach(function (element, j) {
          var label = dataset.data[j].name;
          var width = ctx.measureText(label).width;
          var right = element.x + 10 + width <= chart.chartArea.right;
          ctx.textAlign = right ? 'left' : 'right';
          ctx.fillText(label, element.x + (right ? 10 : -10), element.y - 10 * (j % 2 === 0 ? 1 : -1));
        });
      });
      ctx.restore();
    }
  };

  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

  var point = function (v) { return { x: v.zipBytes, y: v.accuracy, name: v.name }; };
  var byName = {};
  variants.forEach(function (v) { byName[v.name] = v; });

  // A regression report has no accuracy charts.
  if (document.getElementById('chart-accuracy-size')) new Chart(document.getElementById('chart-accuracy-size'), {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'baseline', data: variants.filter(function (v) { return v.baseline; }).map(point),
          backgroundColor: colors.baseline, borderColor: colors.baseline, pointStyle: 'rectRot', pointRadius: 9, labelPoints: true },
        { label: 'variants', data: variants.filter(function (v) { return !v.baseline; }).map(point),
          backgroundColor: colors.variant, borderColor: colors.variant, pointRadius: 6, labelPoints: true },
        // Drawn as rings around the front's points, so the front shows even when it is one point
        // or when every accuracy ties.
        { label: 'Pareto front', data: data.paretoFront.map(function (n) { return point(byName[n]); }),
          type: 'line', showLine: true, fill: false, borderColor: colors.front, borderDash: [6, 4], borderWidth: 2,
          pointRadius: 12, pointBorderWidth: 3, pointBackgroundColor: 'rgba(0,0,0,0)', pointBorderColor: colors.front }
      ]
    },
    options: {
      plugins: { tooltip: { callbacks: { label: function (ctx) {
        return ctx.raw.name + ': ' + pct(ctx.raw.y) + ' at ' + bytes(ctx.raw.x);
      } } } },
      scales: {
        x: { title: { display: true, text: 'ZIP size (bytes)' } },
        y: { title: { display: true, text: 'accuracy' }, ticks: { callback: function (v) { return pct(v); } } }
      }
    },
    plugins: [pointLabels]
  });

  new Chart(document.getElementById('chart-size'), {
    type: 'bar',
    data: {
      labels: names,
      datasets: [
        { label: 'raw', data: variants.map(function (v) { return v.rawBytes; }), backgroundColor: colors.raw },
        { label: 'gzip', data: variants.map(function (v) { return v.gzipBytes; }), backgroundColor: colors.gzip },
        { label: 'ZIP', data: variants.map(function (v) { return v.zipBytes; }), backgroundColor: colors.zip }
      ]
    },
    options: {
      plugins: { tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ': ' + bytes(ctx.raw); } } } },
      scales: { y: { beginAtZero: true, title: { display: true, text: 'bytes' } } }
    }
  });

  // One measure by variant: its value as a mark on the bar of its 95% interval.
  var intervalChart = function (canvas, label, value, lower, upper, format, y) {
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: names,
        datasets: [
          { label: '95% interval', data: variants.map(function (v) { return [lower(v), upper(v)]; }),
            backgroundColor: colors.variant, borderWidth: 0, barPercentage: 0.06, grouped: false },
          { label: label, type: 'line', showLine: false, data: variants.map(value),
            pointRadius: 10, pointHoverRadius: 12, pointStyle: 'line', borderWidth: 3,
            borderColor: colors.baseline, backgroundColor: colors.baseline }
        ]
      },
      options: {
        plugins: { tooltip: { callbacks: { label: function (ctx) {
          var v = variants[ctx.dataIndex];
          return ctx.datasetIndex === 0
            ? '95% interval: ' + format(lower(v)) + ' – ' + format(upper(v))
            : label + ': ' + format(value(v));
        } } } },
        scales: { y: y }
      }
    });
  };

  // A regression report has no accuracy charts.
  var accuracy = document.getElementById('chart-accuracy');
  if (accuracy) {
    var lowest = Math.min.apply(null, variants.map(function (v) { return v.accuracyLower; }));
    intervalChart(accuracy, 'accuracy',
      function (v) { return v.accuracy; }, function (v) { return v.accuracyLower; },
      function (v) { return v.accuracyUpper; }, pct,
      { min: Math.max(0, Math.floor((lowest - 0.02) * 50) / 50), max: 1,
        title: { display: true, text: 'accuracy' }, ticks: { callback: function (v) { return pct(v); } } });
  }

  // A regression report draws its MAE instead, in the targets' unit, from zero.
  var mae = document.getElementById('chart-mae');
  if (mae) {
    intervalChart(mae, 'MAE',
      function (v) { return v.mae; }, function (v) { return v.maeLower; },
      function (v) { return v.maeUpper; }, function (v) { return Number(v).toPrecision(4); },
      { beginAtZero: true, title: { display: true, text: 'MAE' } });
  }

  var latency = document.getElementById('chart-latency');
  if (data.latency && latency) {
    var us = function (key) { return variants.map(function (v) { return v[key] === undefined ? null : v[key]; }); };
    new Chart(latency, {
      type: 'bar',
      data: {
        labels: names,
        datasets: [
          { label: 'p50', data: us('latencyP50Micros'), backgroundColor: colors.zip },
          { label: 'p95', data: us('latencyP95Micros'), backgroundColor: colors.p95 }
        ]
      },
      options: {
        plugins: { tooltip: { callbacks: { label: function (ctx) {
          return ctx.raw === null ? ctx.dataset.label + ': not measured' : ctx.dataset.label + ': ' + ctx.raw.toFixed(1) + ' µs';
        } } } },
        scales: { y: { beginAtZero: true, title: { display: true, text: 'microseconds' } } }
      }
    });
  }

  // One chart per variant with a per-layer comparison: SNR per tensor, worst first, flagged bars red.
  Array.prototype.forEach.call(document.querySelectorAll('canvas.chart-layers'), function (canvas) {
    var layers = JSON.parse(canvas.dataset.chart);
    var finite = layers.snrDb.filter(function (v) { return v !== null; });
    var top = finite.length ? Math.max.apply(null, finite) + 10 : 100;
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: layers.tensors,
        datasets: [{
          label: 'SNR (dB)',
          data: layers.snrDb.map(function (v) { return v === null ? top : v; }),
          backgroundColor: layers.flagged.map(function (f) { return f ? '#cf222e' : colors.zip; })
        }]
      },
      options: {
        indexAxis: 'y',
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (ctx) {
          var snr = layers.snrDb[ctx.dataIndex];
          return (snr === null ? 'no error' : 'SNR ' + snr.toFixed(1) + ' dB') + (layers.flagged[ctx.dataIndex] ? ', flagged' : '');
        } } } },
        scales: { x: { beginAtZero: true, title: { display: true, text: 'SNR (dB), lower is worse' } } }
      }
    });
  });

  // Canvases keep their screen size unless told: fit them to the printed page and back.
  var resizeAll = function () {
    Object.keys(Chart.instances).forEach(function (id) { Chart.instances[id].resize(); });
  };
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
}());
