// Draws every chart of the report from its embedded JSON with the inlined Apache ECharts.
// The data are the documents' own values; only the formatters (functions, so not JSON) are added here.
(function () {
  'use strict';
  function formatter(format, suffix) {
    return function (value) {
      if (value === null || value === undefined || value === '-' || isNaN(Number(value))) {
        return '—';
      }
      return (Number(value) * format.factor).toLocaleString('en-US', {
        minimumFractionDigits: format.decimals,
        maximumFractionDigits: format.decimals
      }) + suffix;
    };
  }
  function largest(series) {
    var values = [];
    series.forEach(function (one) { values = values.concat(one.data.filter(function (v) { return v !== null; })); });
    return Math.max.apply(null, values.map(Number));
  }
  var charts = [];
  document.querySelectorAll('script.chart-spec').forEach(function (element) {
    var spec = JSON.parse(element.textContent);
    var option = spec.option;
    var show = formatter(spec.format, spec.format.suffix);
    // The axis name carries the unit, so the tick labels are bare numbers.
    option.yAxis.axisLabel = { formatter: formatter(spec.format, '') };
    option.tooltip.valueFormatter = show;
    option.series.forEach(function (series) {
      if (series.markLine) {
        series.markLine.label = {
          position: 'insideEndTop',
          formatter: function (line) { return line.name + ': ' + show(line.value); }
        };
      }
    });
    if (spec.thresholdMax !== undefined && largest(option.series) < spec.thresholdMax) {
      // ECharts sizes the axis by the data alone: make room for the threshold lines above it.
      option.yAxis.max = spec.thresholdMax * 1.1;
    }
    var plot = document.getElementById('plot-' + element.getAttribute('data-chart'));
    var chart = echarts.init(plot);
    chart.setOption(option);
    charts.push(chart);
  });
  window.addEventListener('resize', function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
