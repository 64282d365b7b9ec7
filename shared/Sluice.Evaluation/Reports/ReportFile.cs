namespace Sluice.Evaluation.Reports;

/// <summary>One file of a report, named relative to the checkpoint's report folder.</summary>
/// <param name="Name">The file name, e.g. <c>report.json</c> or <c>loss.png</c>.</param>
/// <param name="Content">Its bytes.</param>
/// <param name="ContentType">Its media type (<c>application/json</c>, <c>text/markdown; charset=utf-8</c>, <c>image/png</c>).</param>
public sealed record ReportFile(string Name, byte[] Content, string ContentType);
