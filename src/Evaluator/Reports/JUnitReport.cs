using System.Text;
using System.Xml;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Evaluator.Checking;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>
/// A test run as JUnit XML, which test dashboards read: one testsuite per file, one testcase per expectation, a
/// failure with the explanation; a file that could not be evaluated is one testcase with an error. No timestamps
/// or durations, so the same run gives the same bytes.
/// </summary>
public static class JUnitReport
{
    public static string Write(IReadOnlyList<TestedArgument> reports, IReadOnlyList<Diagnostic> problems)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using (var xml = XmlWriter.Create(stream, settings))
        {
            var invocation = problems.Where(p => p.IsError).ToList();
            var failures = reports.Sum(r => r.Failed);
            var errors = reports.Count(r => !r.Evaluated) + invocation.Count;
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "policydsl test");
            xml.WriteAttributeString("tests", Count(reports.Sum(r => r.Expectations.Count) + errors));
            xml.WriteAttributeString("failures", Count(failures));
            xml.WriteAttributeString("errors", Count(errors));
            foreach (var report in reports)
            {
                var file = report.File;
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", Clean(file));
                if (!report.Evaluated)
                {
                    xml.WriteAttributeString("tests", "1");
                    xml.WriteAttributeString("failures", "0");
                    xml.WriteAttributeString("errors", "1");
                    Error(xml, file, "evaluate", report.Diagnostics.Where(d => d.IsError));
                    xml.WriteEndElement();
                    continue;
                }

                xml.WriteAttributeString("tests", Count(report.Expectations.Count));
                xml.WriteAttributeString("failures", Count(report.Failed));
                xml.WriteAttributeString("errors", "0");
                foreach (var outcome in report.Expectations)
                {
                    xml.WriteStartElement("testcase");
                    xml.WriteAttributeString("classname", Clean(file));
                    var name = $"{outcome.Location.Start.Line}: {outcome.Text}{(outcome.Scenario is null ? string.Empty : $" (scenario \"{outcome.Scenario}\")")}";
                    xml.WriteAttributeString("name", Clean(name));
                    if (!outcome.Passed)
                    {
                        xml.WriteStartElement("failure");
                        xml.WriteAttributeString("message", Clean(outcome.Detail));
                        var body = new StringBuilder(outcome.Detail).Append('\n');
                        if (outcome.Explanation is { } proof)
                        {
                            body.Append(ProofText.Render(proof));
                        }

                        xml.WriteString(Clean(body.ToString()));
                        xml.WriteEndElement();
                    }

                    xml.WriteEndElement();
                }

                xml.WriteEndElement();
            }

            foreach (var problem in invocation)
            {
                xml.WriteStartElement("testsuite");
                xml.WriteAttributeString("name", Clean(problem.Path));
                xml.WriteAttributeString("tests", "1");
                xml.WriteAttributeString("failures", "0");
                xml.WriteAttributeString("errors", "1");
                Error(xml, problem.Path, "read", [problem]);
                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The report of a run that asked nothing (a --without that withdraws nothing, a wrong option): one errored testcase that says why, so CI still reads one document.</summary>
    public static string Failure(string message)
    {
        using var stream = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, NewLineChars = "\n", Encoding = new UTF8Encoding(false) };
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartElement("testsuites");
            xml.WriteAttributeString("name", "policydsl test");
            xml.WriteAttributeString("tests", "1");
            xml.WriteAttributeString("failures", "0");
            xml.WriteAttributeString("errors", "1");
            xml.WriteStartElement("testsuite");
            xml.WriteAttributeString("name", "invocation");
            xml.WriteAttributeString("tests", "1");
            xml.WriteAttributeString("failures", "0");
            xml.WriteAttributeString("errors", "1");
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", "invocation");
            xml.WriteAttributeString("name", "ask");
            xml.WriteStartElement("error");
            xml.WriteAttributeString("message", Clean(message));
            xml.WriteString(Clean(message) + "\n");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Error(XmlWriter xml, string file, string name, IEnumerable<Diagnostic> diagnostics)
    {
        var list = diagnostics.ToList();
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("classname", Clean(file));
        xml.WriteAttributeString("name", name);
        xml.WriteStartElement("error");
        xml.WriteAttributeString("message", Clean(list.Count > 0 ? list[0].ToString() : "not evaluated"));
        xml.WriteString(Clean(string.Join("\n", list.Select(d => d.ToString())) + "\n" + DiagnosticText.NotEvaluated));
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static string Count(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot hold most control characters (nor a lone surrogate): each line is shown escaped, as in the text reports.</summary>
    private static string Clean(string text) => string.Join('\n', text.Split('\n').Select(Dsl.Text.DisplayText.Escape));
}
