package dev.chorus.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The scaling experiment's timeline as a PNG: one panel per variant, sharing the time axis, with
 * the backlog and the tasks in flight on the left axis and the replicas on the right.
 */
final class ScalingPlot {

  private static final int WIDTH = 1200;
  private static final int HEIGHT_PER_PANEL = 300;

  private ScalingPlot() {}

  static Path write(Path png, List<ScalingBench.Outcome> outcomes, int minReplicas)
      throws IOException {
    NumberAxis time = new NumberAxis("seconds since the burst");
    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(time);
    combined.setGap(16);
    int mostReplicas = 1;
    for (ScalingBench.Outcome o : outcomes) {
      mostReplicas = Math.max(mostReplicas, o.maxReplicas());
    }
    for (int i = 0; i < outcomes.size(); i++) {
      // Every panel draws the same three series: the legend names them once.
      combined.add(panel(outcomes.get(i), mostReplicas, i == 0));
    }
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
    chart.addSubtitle(
        new TextTitle(
            "Backlog (unread tasks), tasks in flight and replicas; minimum "
                + minReplicas
                + " replica"));
    chart.setBackgroundPaint(Color.WHITE);
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT_PER_PANEL * outcomes.size() + 120);
    return png;
  }

  private static XYPlot panel(ScalingBench.Outcome o, int mostReplicas, boolean inLegend) {
    XYSeries backlog = new XYSeries("backlog");
    XYSeries inFlight = new XYSeries("in flight");
    XYSeries replicas = new XYSeries("replicas");
    for (ScalingBench.Sample s : o.timeline()) {
      backlog.add(s.at(), s.backlog());
      inFlight.add(s.at(), s.inFlight());
      replicas.add(s.at(), s.replicas());
    }
    XYSeriesCollection tasks = new XYSeriesCollection();
    tasks.addSeries(backlog);
    tasks.addSeries(inFlight);
    NumberAxis taskAxis = new NumberAxis(o.variant() + ": tasks");
    XYLineAndShapeRenderer taskLines = new XYLineAndShapeRenderer(true, false);
    taskLines.setSeriesPaint(0, new Color(0x1f77b4));
    taskLines.setSeriesPaint(1, new Color(0xff7f0e));
    XYPlot plot = new XYPlot(tasks, null, taskAxis, taskLines);
    NumberAxis replicaAxis = new NumberAxis("replicas");
    replicaAxis.setRange(0, mostReplicas + 1);
    replicaAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    plot.setRangeAxis(1, replicaAxis);
    plot.setDataset(1, new XYSeriesCollection(replicas));
    plot.mapDatasetToRangeAxis(1, 1);
    XYStepRenderer replicaSteps = new XYStepRenderer();
    replicaSteps.setSeriesPaint(0, new Color(0x2ca02c));
    replicaSteps.setSeriesStroke(0, new BasicStroke(2.5f));
    plot.setRenderer(1, replicaSteps);
    for (int series = 0; series < 2; series++) {
      taskLines.setSeriesVisibleInLegend(series, inLegend);
    }
    replicaSteps.setSeriesVisibleInLegend(0, inLegend);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return plot;
  }
}
