using System.Globalization;
using System.Text;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Dsl.Sources;
using PolicyDsl.Evaluator.Analysis;
using PolicyDsl.Evaluator.Explain;
using PolicyDsl.Evaluator.Maps;
using PolicyDsl.Evaluator.Scenarios;
using PolicyDsl.Evaluator.Supports;

namespace PolicyDsl.Evaluator.Reports;

/// <summary>
/// One argument as the report shows it: its file, its overview, and its map as SVG (drawn by the host, which runs
/// Graphviz) or, when it could not be drawn, why not.
/// </summary>
public sealed record ReportedArgument(string File, ArgumentOverview Overview, string? MapSvg, string? MapNote);

/// <summary>One argument as HTML: its title (the page's heading when it is alone), its row of the index and its section.</summary>
public sealed record RenderedArgument(string Title, string IndexRow, RenderedSection Section);

/// <summary>
/// An argument's section of the page, kept as it was built and written out in its pieces: copied into one string,
/// the section of a large argument (tens of megabytes) was held twice at the report's peak.
/// </summary>
public sealed class RenderedSection
{
    private readonly StringBuilder html;

    internal RenderedSection(StringBuilder html) => this.html = html;

    public void WriteTo(TextWriter output) => output.Write(html);

    public override string ToString() => html.ToString();
}

/// <summary>
/// The report as one self-contained HTML page: an index when there are several arguments, and per argument its
/// texts, map, conclusions (base, named scenarios, all scenarios) with their proofs down to the quoted passages,
/// expectations, tipping points, critical premises, the competing-hypotheses matrix and the diagnostics. Styles and
/// script are inline and a content security policy forbids every request, so it works from <c>file://</c> offline.
/// The same input gives the same bytes: nothing depends on the time, the machine or the order of a hash.
/// </summary>
public static class HtmlReport
{
    /// <summary>The map's SVG id prefix of the argument at this position (1-based), as MapDot writes it.</summary>
    public static string MapIdPrefix(int index) => $"m{index}_";

    /// <summary>The page of these arguments, each rendered as it comes (see <see cref="Render"/>).</summary>
    public static string Write(IReadOnlyList<ReportedArgument> arguments, string version) =>
        Write(arguments.Select((argument, i) => Render(argument, i + 1)).ToList(), version);

    /// <summary>
    /// One argument's section and index row, at this position (1-based). A host that reports many arguments renders
    /// each as soon as it is analysed and keeps only the HTML, so one analysis is in memory at a time.
    /// </summary>
    public static RenderedArgument Render(ReportedArgument argument, int index)
    {
        var section = new StringBuilder();
        new ArgumentWriter(section, argument, index).Write();
        var overview = argument.Overview;
        var report = overview.Report;
        var row = new StringBuilder();
        row.Append("<tr><th scope=\"row\"><a href=\"#arg").Append(index).Append("\">").Append(Escape(overview.Title)).Append("</a><br><span class=\"file\">")
            .Append(Escape(argument.File)).Append("</span></th><td>");
        row.Append(overview.Sources.Count == 0 ? "<span class=\"muted\">none</span>" : string.Join("<br>", overview.Sources.Select(s => Escape(s.Title ?? s.DeclaredPath))));
        row.Append("</td><td>").Append(overview.Conclusions.Count).Append("</td><td>").Append(report.Passed).Append(" of ").Append(report.Expectations.Count);
        row.Append("</td><td>").Append(Escape(DiagnosticCounts(report.Diagnostics))).Append("</td></tr>\n");
        return new RenderedArgument(overview.Title, row.ToString(), new RenderedSection(section));
    }

    /// <summary>The page around these rendered arguments: the heading, an index when there are several, and each section.</summary>
    public static string Write(IReadOnlyList<RenderedArgument> arguments, string version)
    {
        var page = new StringWriter { NewLine = "\n" };
        Write(page, arguments, version);
        return page.ToString();
    }

    /// <summary>As <see cref="Write(IReadOnlyList{RenderedArgument}, string)"/>, written to <paramref name="output"/> a piece at a time.</summary>
    public static void Write(TextWriter output, IReadOnlyList<RenderedArgument> arguments, string version)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<meta name=\"generator\" content=\"PolicyDsl ").Append(Escape(version)).Append("\">\n");
        var heading = arguments.Count == 1 ? arguments[0].Title : $"{arguments.Count} arguments";
        html.Append("<title>").Append(Escape(heading)).Append(" · PolicyDsl report</title>\n");
        html.Append("<style>\n").Append(Resource("report.css")).Append("</style>\n</head>\n<body>\n");
        html.Append("<a class=\"skip\" href=\"#main\">Skip to the arguments</a>\n");
        html.Append("<header class=\"page\"><h1>PolicyDsl report: ").Append(Escape(heading)).Append("</h1>");
        html.Append("<p>Click a conclusion (or press Enter on it) to open its proof; click a citation to read the passage it quotes. States are written out, so the report reads without colour.</p></header>\n");
        html.Append("<main id=\"main\">\n");
        if (arguments.Count > 1)
        {
            html.Append("<nav class=\"index\" aria-label=\"Arguments\"><h2>Arguments</h2>\n<table>\n<thead><tr><th scope=\"col\">argument</th><th scope=\"col\">texts</th>");
            html.Append("<th scope=\"col\">conclusions</th><th scope=\"col\">expectations passing</th><th scope=\"col\">diagnostics</th></tr></thead>\n<tbody>\n");
            foreach (var argument in arguments)
            {
                html.Append(argument.IndexRow);
            }

            html.Append("</tbody>\n</table>\n</nav>\n");
        }

        output.Write(html);
        html.Clear();
        foreach (var argument in arguments)
        {
            argument.Section.WriteTo(output);
        }

        html.Append("</main>\n");
        html.Append("<aside id=\"passage-view\" role=\"dialog\" aria-labelledby=\"passage-title\" tabindex=\"-1\" hidden><header><h2 id=\"passage-title\"></h2>");
        html.Append("<button type=\"button\" class=\"close\" aria-label=\"Close the passage (Escape)\">Close</button></header><div class=\"body\"></div></aside>\n");
        html.Append("<script>\n").Append(Resource("report.js")).Append("</script>\n</body>\n</html>\n");
        output.Write(html);
    }

    private static string DiagnosticCounts(IReadOnlyList<Diagnostic> diagnostics)
    {
        if (diagnostics.Count == 0)
        {
            return "none";
        }

        var parts = new[] { (Severity.Error, "error"), (Severity.Warning, "warning"), (Severity.Info, "note") }
            .Select(s => (Count: DiagnosticBag.Total(diagnostics, s.Item1), Noun: s.Item2))
            .Where(s => s.Count > 0)
            .Select(s => DiagnosticText.Plural(s.Count, s.Noun));
        return string.Join(", ", parts);
    }

    /// <summary>Writes one argument's section; ids are prefixed by the argument's position so several fit one page.</summary>
    private sealed class ArgumentWriter(StringBuilder html, ReportedArgument argument, int index)
    {
        private readonly ArgumentOverview overview = argument.Overview;
        private readonly string prefix = $"arg{index}";

        // Passages of the citations shown, each written once as a template: key (source, anchor, quote) to its id.
        private readonly Dictionary<(string, string?, string?), string> passages = [];
        private readonly List<(string Id, string Title, Passage Passage, Citation Citation)> passageOrder = [];

        public void Write()
        {
            var report = overview.Report;
            html.Append("<section class=\"argument\" id=\"").Append(prefix).Append("\" aria-labelledby=\"").Append(prefix).Append("-title\">\n");
            html.Append("<h2 id=\"").Append(prefix).Append("-title\">").Append(Escape(overview.Title)).Append("</h2>\n");
            html.Append("<p class=\"file\">").Append(Escape(argument.File)).Append("</p>\n");
            html.Append("<p class=\"counts\"><span>conclusions: ").Append(overview.Conclusions.Count).Append("</span><span>expectations passing: ")
                .Append(report.Passed).Append(" of ").Append(report.Expectations.Count).Append("</span><span>diagnostics: ")
                .Append(Escape(DiagnosticCounts(report.Diagnostics))).Append("</span>");
            if (overview.Sweep is { } sweep)
            {
                // A sample's count is of the scenarios drawn, not of those there are.
                html.Append("<span>scenarios: ").Append(sweep.Scenarios.ToString("N0", CultureInfo.InvariantCulture)).Append(sweep.IsSampled ? " drawn at random" : " possible")
                    .Append(sweep.Excluded > 0 ? $", {sweep.Excluded.ToString("N0", CultureInfo.InvariantCulture)} impossible" : string.Empty).Append("</span>");
            }

            html.Append("</p>\n");
            WriteContents();
            WriteSources();
            foreach (var note in overview.Notes.Where(n => n.Topic == "evaluation"))
            {
                html.Append("<p class=\"note\">").Append(Escape(note.Text)).Append("</p>\n");
            }

            if (overview.Map is { } map)
            {
                WriteMap(map);
                WriteConclusions();
                WriteExpectations();
                WriteFlips();
                WriteCritical();
                WriteMatrix();
            }

            WriteDiagnostics();
            WritePassages();
            html.Append("</section>\n");
        }

        /// <summary>The section's headings as links, so a long report is walked by its parts.</summary>
        private void WriteContents()
        {
            var parts = overview.Map is null
                ? new[] { ("texts", "Texts"), ("diagnostics", "Diagnostics") }
                : [("texts", "Texts"), ("map-section", "Map"), ("conclusions", "Conclusions"), ("expectations", "Expectations"), ("flips", "What would it take"),
                    ("critical", "Critical premises"), ("matrix", "Competing hypotheses"), ("diagnostics", "Diagnostics")];
            html.Append("<nav class=\"contents\" aria-label=\"").Append(Escape(overview.Title)).Append(": parts\">");
            html.Append(string.Join(" · ", parts.Select(p => $"<a href=\"#{prefix}-{p.Item1}\">{p.Item2}</a>"))).Append("</nav>\n");
        }

        private void Heading(string id, string title) => html.Append("<h3 id=\"").Append(prefix).Append('-').Append(id).Append("\">").Append(title).Append("</h3>\n");

        private void WriteSources()
        {
            Heading("texts", "Texts");
            if (overview.Sources.Count == 0)
            {
                html.Append("<p class=\"note\">This argument declares no source text.</p>\n");
                return;
            }

            html.Append("<ul class=\"sources\">\n");
            foreach (var source in overview.Sources)
            {
                html.Append("<li><code>").Append(Escape(source.Name)).Append("</code>: ").Append(Escape(source.Title ?? "(untitled)"))
                    .Append(" <span class=\"file\">").Append(Escape(source.DeclaredPath)).Append("</span>")
                    .Append(source.Text is null ? " <span class=\"note\">(cannot be read: see the diagnostics)</span>" : string.Empty).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        private void WriteMap(ArgumentMap map)
        {
            var id = prefix + "-map";
            Heading("map-section", "Map");
            if (argument.MapSvg is not { } svg)
            {
                html.Append("<p class=\"note\">The map is not drawn: ").Append(Escape(argument.MapNote ?? "no SVG was given")).Append("</p>\n");
                return;
            }

            html.Append("<p class=\"legend\">Premises are boxes, open premises dashed boxes, rules rounded boxes with their citation, conclusions ellipses, expectations notes, constraints octagons; each node says its state in words: ");
            foreach (var state in new[] { "true", "false", "unknown", "conflict", "contested", "open" })
            {
                html.Append(State(state)).Append(' ');
            }

            html.Append(". Click a premise for its passage, a conclusion for its proof. ");
            html.Append("<button type=\"button\" class=\"fit\" aria-pressed=\"true\" aria-controls=\"").Append(id).Append("\">Fit to width</button></p>\n");
            html.Append("<div class=\"map fit\" id=\"").Append(id).Append("\" role=\"img\" aria-label=\"").Append(Escape($"map of {overview.Title}: {map.Nodes.Count} nodes, {map.Edges.Count} edges")).Append("\">\n");
            html.Append(InlineSvg(svg)).Append("</div>\n");

            // Which map nodes lead where: a premise to its passage, a conclusion to its proof.
            var links = new StringBuilder("{");
            var mapPrefix = MapIdPrefix(index);
            var proofOf = overview.Conclusions.Select((c, i) => (c.Row.Atom.Id, i)).ToDictionary(p => p.Id, p => p.i);
            foreach (var node in map.Nodes)
            {
                string? link = null;
                if (node.Citation is { } citation && PassageId(citation) is { } passage)
                {
                    link = $"\"passage\":{Json(passage)}";
                }
                else if (node.Kind == MapNodeKind.Conclusion && node.Id.StartsWith('a') && int.TryParse(node.Id.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var atom) && proofOf.TryGetValue(atom, out var row))
                {
                    link = $"\"proof\":{Json(ProofId(row))}";
                }

                if (link is not null)
                {
                    links.Append(links.Length > 1 ? "," : string.Empty).Append(Json(mapPrefix + node.Id)).Append(":{").Append(link).Append(",\"label\":").Append(Json($"{node.Label} [{node.State}]")).Append('}');
                }
            }

            html.Append("<script type=\"application/json\" class=\"map-links\" data-map=\"").Append(id).Append("\">").Append(links.Append('}').ToString().Replace("</", "<\\/", StringComparison.Ordinal)).Append("</script>\n");
        }

        private void WriteConclusions()
        {
            Heading("conclusions", "Conclusions");
            if (overview.Conclusions.Count == 0)
            {
                html.Append("<p class=\"note\">This argument concludes nothing (it has no rule that can fire).</p>\n");
                return;
            }

            var scenarios = overview.Report.Scenarios.Select(s => s.Scenario.Name).ToList();
            var sweep = overview.Sweep;
            var probability = sweep is { Plan.HasProbabilities: true };
            // Within a named scenario (report --scenario) the first column is that scenario's, not the base argument's.
            var first = overview.Analysis.Scenario is { } within ? $"in “{Escape(within)}”" : "base";
            html.Append("<table class=\"conclusions\">\n<thead><tr><th scope=\"col\">conclusion</th><th scope=\"col\">").Append(first).Append("</th>");
            foreach (var scenario in scenarios)
            {
                html.Append("<th scope=\"col\">scenario “").Append(Escape(scenario)).Append("”</th>");
            }

            html.Append("<th scope=\"col\">all scenarios</th>").Append(probability ? "<th scope=\"col\">p(true)</th>" : string.Empty).Append("<th scope=\"col\">rests on</th></tr></thead>\n<tbody>\n");
            var columns = 4 + scenarios.Count + (probability ? 1 : 0);

            // A long proof refers to other conclusions' rows (ProofKind.ProvedElsewhere): those rows get an id to link to.
            rowOf.Clear();
            for (var i = 0; i < overview.Conclusions.Count; i++)
            {
                rowOf.TryAdd(overview.Conclusions[i].Row.Atom.Id, i);
            }

            var referred = new HashSet<int>();
            foreach (var conclusion in overview.Conclusions)
            {
                if (conclusion.Proof is { } proof)
                {
                    ReferredRows(proof, referred);
                }
            }

            for (var i = 0; i < overview.Conclusions.Count; i++)
            {
                var conclusion = overview.Conclusions[i];
                var row = conclusion.Row;
                html.Append("<tr class=\"conclusion\"").Append(referred.Contains(i) ? $" id=\"{RowId(i)}\"" : string.Empty).Append("><th scope=\"row\">");
                if (conclusion.Proof is null)
                {
                    html.Append(Escape(row.Atom.Display));
                }
                else
                {
                    html.Append("<button type=\"button\" class=\"toggle\" aria-expanded=\"false\" aria-controls=\"").Append(ProofId(i)).Append("\">").Append(Escape(row.Atom.Display)).Append("</button>");
                }

                html.Append("</th><td>").Append(State(row.Marked)).Append("</td>");
                foreach (var inScenario in conclusion.InScenarios)
                {
                    html.Append("<td>").Append(State(inScenario.State)).Append("</td>");
                }

                html.Append("<td>").Append(Escape(AcrossScenarios(row, sweep))).Append("</td>");
                if (probability)
                {
                    html.Append("<td>").Append(sweep!.Plan.Conclusions.Contains(row.Atom.Id) && !row.Atom.IsValued ? sweep.TrueProbability(row.Atom.Id).ToString("F4", CultureInfo.InvariantCulture) : "-").Append("</td>");
                }

                html.Append("<td>").Append(Escape(RestsOn(row))).Append("</td></tr>\n");
                if (conclusion.Proof is { } proof)
                {
                    html.Append("<tr class=\"proof\" id=\"").Append(ProofId(i)).Append("\" hidden><td colspan=\"").Append(columns).Append("\">");
                    html.Append("<ul class=\"tree root\">");
                    WriteProof(proof);
                    html.Append("</ul></td></tr>\n");
                }
            }

            html.Append("</tbody>\n</table>\n");
            foreach (var note in overview.Notes.Where(n => n.Topic == "proofs"))
            {
                html.Append("<p class=\"note\">Proofs: ").Append(Escape(note.Text)).Append("</p>\n");
            }

            foreach (var note in overview.Notes.Where(n => n.Topic == "scenarios"))
            {
                html.Append("<p class=\"note\">All scenarios: ").Append(Escape(note.Text)).Append("</p>\n");
            }

            if (sweep is not null)
            {
                // The open premises by name, up to a page's worth: an argument of thousands lists the first and counts the rest.
                var open = sweep.Plan.Space.Open;
                html.Append("<p class=\"note\">All scenarios: ").Append(Escape(string.Join(", ", open.Take(MaxOpenListed).Select(p => p.Display))))
                    .Append(open.Count > MaxOpenListed ? $" and {(open.Count - MaxOpenListed).ToString("N0", CultureInfo.InvariantCulture)} more" : string.Empty).Append(" open; ")
                    .Append(sweep.Scenarios.ToString("N0", CultureInfo.InvariantCulture)).Append(sweep.IsSampled ? " scenarios drawn" : " scenarios")
                    .Append(sweep.Excluded > 0 ? $" ({sweep.Excluded.ToString("N0", CultureInfo.InvariantCulture)} more excluded as impossible by a constraint; counts and probabilities are of the possible ones)" : string.Empty)
                    .Append(probability ? "; p(true) counts only the scenarios where it is true cleanly" : string.Empty).Append(".</p>\n");
            }
        }

        /// <summary>How many open premises the note under the conclusions names before it counts the rest.</summary>
        private const int MaxOpenListed = 50;

        /// <summary>"true in all", "true in 2 of 4, false in 2" or "-" when not swept.</summary>
        private static string AcrossScenarios(ConclusionRow row, SweepResult? sweep)
        {
            if (sweep is null)
            {
                return "-";
            }

            var atom = row.Atom.Id;
            if (!sweep.Plan.Conclusions.Contains(atom))
            {
                return "-";
            }

            var total = sweep.Scenarios;
            var parts = new List<string>();
            void Add(string state, long count)
            {
                if (count > 0)
                {
                    parts.Add($"{state} in {Quantity(count, total)}");
                }
            }

            // A valued atom's values count only where each is its one value cleanly; conflicts and contested apart.
            if (row.Atom.IsValued)
            {
                foreach (var tally in sweep.ValuesOf(atom))
                {
                    Add($"= {tally.Value}", tally.TrueIn);
                }
            }
            else
            {
                Add("true", sweep.TrueIn(atom));
                Add("false", sweep.FalseIn(atom));
            }

            Add("in conflict", sweep.Conflicting[atom]);
            Add("contested", sweep.ContestedIn(atom));
            var unknown = total - sweep.TrueIn(atom) - sweep.FalseIn(atom) - sweep.Conflicting[atom] - sweep.ContestedIn(atom);
            Add("unknown", unknown);
            return parts.Count == 0 ? "-" : string.Join(", ", parts);
        }

        private static string Quantity(long count, long total) =>
            count == total ? "all" : $"{count.ToString("N0", CultureInfo.InvariantCulture)} of {total.ToString("N0", CultureInfo.InvariantCulture)}";

        private static string RestsOn(ConclusionRow row)
        {
            var parts = new List<string>();
            if (row.Sources.Count > 0)
            {
                parts.Add(row.SourceList);
            }

            if (row.Judgments.Count > 0)
            {
                parts.Add(row.JudgmentCount);
            }

            if (row.RestsOnInconsistent.Count > 0)
            {
                parts.Add(Supports.Nogoods.Describe(row.RestsOnInconsistent));
            }

            if (row.AlsoJudgments.Count > 0)
            {
                parts.Add($"can also rest on {(row.AlsoJudgments.Count == 1 ? "1 analyst judgment" : $"{row.AlsoJudgments.Count} analyst judgments")}");
            }

            if (row.Needs.Count > 0)
            {
                parts.Add("falls with " + string.Join(", ", row.Needs));
            }

            if (row.CorroboratedBy.Count > 0)
            {
                parts.Add("corroborated by " + string.Join(", ", row.CorroboratedBy));
            }

            if (row.Supports is { } supports)
            {
                parts.Add(DiagnosticText.Plural(supports, "support") + (row.SupportsCut ? " or more" : string.Empty));
            }

            return parts.Count == 0 ? "nothing cited" : string.Join("; ", parts);
        }

        // The row of each conclusion's atom, to link a proof's reference to it.
        private readonly Dictionary<int, int> rowOf = [];

        private string RowId(int row) => $"{prefix}-c{row + 1}";

        private void ReferredRows(ProofNode node, HashSet<int> referred)
        {
            if (node.Kind == ProofKind.ProvedElsewhere && node.AtomId is { } atom && rowOf.TryGetValue(atom, out var row))
            {
                referred.Add(row);
            }

            foreach (var child in node.Children)
            {
                ReferredRows(child, referred);
            }
        }

        private void WriteProof(ProofNode node)
        {
            if (node.Kind == ProofKind.ProvedElsewhere && node.AtomId is { } atom && rowOf.TryGetValue(atom, out var row))
            {
                html.Append("<li><a class=\"claim\" href=\"#").Append(RowId(row)).Append("\">").Append(Escape(node.Claim)).Append("</a>");
            }
            else
            {
                html.Append("<li><span class=\"claim\">").Append(Escape(node.Claim)).Append("</span>");
            }

            if (node.InConflict)
            {
                html.Append("<span class=\"flag conflict\">IN CONFLICT</span>");
            }
            else if (node.Contested)
            {
                html.Append("<span class=\"flag contested\">CONTESTED: rests only on a step in conflict</span>");
            }

            if (node.Reason.Length > 0)
            {
                html.Append("<span class=\"reason\">").Append(Escape(node.Reason)).Append("</span>");
            }

            if (node.Citation is { } citation)
            {
                html.Append(Cite(citation));
                foreach (var also in node.AlsoCited)
                {
                    html.Append(Cite(also));
                }

                if (node.StatedBy > 1)
                {
                    html.Append(" <span class=\"note\">(stated by ").Append(node.StatedBy).Append(" texts)</span>");
                }
            }

            if (node.Location is { } location)
            {
                html.Append(" <span class=\"where\">").Append(Escape(location.ToString())).Append("</span>");
            }

            if (node.Children.Count > 0)
            {
                html.Append("<ul class=\"tree\">");
                foreach (var child in node.Children)
                {
                    WriteProof(child);
                }

                html.Append("</ul>");
            }

            html.Append("</li>");
        }

        private void WriteExpectations()
        {
            var expectations = overview.Report.Expectations;
            Heading("expectations", "Expectations");
            if (expectations.Count == 0)
            {
                html.Append("<p class=\"note\">This argument states no expectation.</p>\n");
                return;
            }

            html.Append("<table class=\"expectations\">\n<thead><tr><th scope=\"col\">expectation</th><th scope=\"col\">outcome</th><th scope=\"col\">detail</th></tr></thead>\n<tbody>\n");
            foreach (var expectation in expectations)
            {
                html.Append("<tr><td><code>").Append(Escape(expectation.Label is null ? expectation.Text : $"{expectation.Label}: {expectation.Text}")).Append("</code>")
                    .Append(expectation.Scenario is null ? string.Empty : $" <span class=\"muted\">(scenario “{Escape(expectation.Scenario)}”)</span>")
                    .Append(" <span class=\"where\">").Append(Escape(expectation.Location.ToString())).Append("</span></td><td>")
                    .Append(State(expectation.Passed ? "pass" : "fail")).Append("</td><td>").Append(Escape(expectation.Detail)).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        private void WriteFlips()
        {
            Heading("flips", "What would it take");
            foreach (var note in overview.Notes.Where(n => n.Topic == "flips"))
            {
                html.Append("<p class=\"note\">").Append(Escape(note.Text)).Append("</p>\n");
            }

            if (overview.Flips is not { } flips)
            {
                return;
            }

            if (flips.Note == FlipsNote.NoOpenPremises)
            {
                html.Append("<p class=\"note\">This argument has no open premises: every claim is settled as stated.</p>\n");
                return;
            }

            if (flips.Note == FlipsNote.NoConclusions)
            {
                html.Append("<p class=\"note\">This argument concludes nothing to flip.</p>\n");
                return;
            }

            var space = flips.Space!;
            var shown = flips.Claims.Where(c => !c.IsSettled).ToList();
            if (shown.Count == 0)
            {
                html.Append("<p class=\"note\">Every conclusion is the same in every scenario: no open premise flips one.</p>\n");
                return;
            }

            html.Append("<table class=\"flips\">\n<thead><tr><th scope=\"col\">claim</th><th scope=\"col\">across the scenarios</th><th scope=\"col\">it takes</th></tr></thead>\n<tbody>\n");
            foreach (var claim in shown)
            {
                var counts = $"true in {claim.TrueIn:N0} of {claim.Scenarios:N0}, false in {claim.FalseIn:N0}"
                    + (claim.ConflictIn > 0 ? $", in conflict in {claim.ConflictIn:N0}" : string.Empty)
                    + (claim.ContestedIn > 0 ? $", contested in {claim.ContestedIn:N0}" : string.Empty)
                    + (claim.UnknownIn > 0 ? $", unknown in {claim.UnknownIn:N0}" : string.Empty);
                html.Append("<tr><td><code>").Append(Escape(claim.Claim)).Append("</code></td><td>").Append(Escape(counts)).Append("</td><td><ul>");
                foreach (var point in claim.Points)
                {
                    var label = point.Outcome switch
                    {
                        Outcome.True => "true",
                        Outcome.False => "false",
                        _ => "not true",
                    };
                    if (point.Scenarios == 0)
                    {
                        html.Append("<li>").Append(State(label == "not true" ? "unknown" : label, label)).Append(" in no scenario</li>");
                        continue;
                    }

                    var sets = point.Sets.Count == 0 ? $"no set of up to {point.SearchedUpTo} premise values settles it"
                        : string.Join(" <em>or</em> ", point.Sets.Select(s => Escape(TippingPoints.Describe(space, s)))) + (point.MoreSets > 0 ? $" and {point.MoreSets} more" : string.Empty);
                    html.Append("<li>").Append(State(label == "not true" ? "unknown" : label, label)).Append(" whenever ").Append(sets).Append("</li>");
                }

                html.Append("</ul></td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
            if (flips.Claims.Count > shown.Count)
            {
                html.Append("<p class=\"note\">").Append(flips.Claims.Count - shown.Count).Append(" more conclusions are the same in every scenario.</p>\n");
            }
        }

        private void WriteCritical()
        {
            Heading("critical", "Critical premises");
            foreach (var note in overview.Notes.Where(n => n.Topic == "critical"))
            {
                html.Append("<p class=\"note\">").Append(Escape(note.Text)).Append("</p>\n");
            }

            if (overview.Critical.Count == 0 && !overview.Notes.Any(n => n.Topic == "critical"))
            {
                html.Append("<p class=\"note\">This argument states no expectation of its base evaluation to take as a thesis.</p>\n");
                return;
            }

            foreach (var asked in overview.Critical)
            {
                foreach (var answer in asked.Sides.Count > 0 ? asked.Sides : [asked])
                {
                    WriteCritical(answer);
                }

                WriteCriticalInScenarios(asked);
            }
        }

        /// <summary>The claim across the open premises' scenarios, and each premise or source without which it falls in some.</summary>
        private void WriteCriticalInScenarios(CriticalAnswer answer)
        {
            var scenarios = answer.InScenarios;
            if (scenarios.NotCompared is { } why)
            {
                html.Append("<p class=\"note\">In the scenarios of the open premises, for <code>").Append(Escape(answer.Claim)).Append("</code>: ").Append(Escape(why)).Append("</p>\n");
                return;
            }

            if (scenarios.Possible == 0)
            {
                return;
            }

            var also = scenarios.Rows.Where(r => !r.CriticalInEvaluation).ToList();
            html.Append("<div class=\"critical\"><p>In the scenarios of the open premises (").Append(scenarios.Possible.ToString("N0", CultureInfo.InvariantCulture))
                .Append(" possible): <code>").Append(Escape(answer.Claim)).Append("</code> ").Append(Escape(scenarios.Standing)).Append("</p><ul>")
                .Append("<li>also critical there: without any one of these it no longer holds cleanly in some scenario where it did (").Append(also.Count).Append("):");
            if (also.Count == 0)
            {
                html.Append(" none");
            }
            else
            {
                html.Append("<ul>");
                foreach (var row in also)
                {
                    html.Append("<li><code>").Append(Escape(row.Withdrawn)).Append("</code>")
                        .Append(row.Premise is { } premise ? (premise.Citation is { } c ? Cite(c) : " <span class=\"note\">(cites no source)</span>") + " <span class=\"where\">" + Escape(premise.Location.ToString()) + "</span>" : string.Empty)
                        .Append(": then ").Append(Escape(row.After)).Append("</li>");
                }

                html.Append("</ul>");
            }

            html.Append("</li>");

            // The premises and sources already critical above, by what their withdrawal leaves across the scenarios.
            foreach (var group in scenarios.Rows.Where(r => r.CriticalInEvaluation).GroupBy(r => r.After, StringComparer.Ordinal))
            {
                html.Append("<li>critical above: ").Append(string.Join(", ", group.Select(r => $"<code>{Escape(r.Withdrawn)}</code>")))
                    .Append(": then ").Append(Escape(group.Key)).Append("</li>");
            }

            html.Append("</ul></div>\n");
        }

        private void WriteCritical(CriticalAnswer answer)
        {
            var holds = answer.Cleanly ? "it no longer holds cleanly" : "it is no longer derived";
            // A claim that holds only in some scenarios is answered across them; "holds" is then "derived in some scenario".
            var across = answer.AcrossScenarios is var (holdsIn, of)
                ? $" with the open premises unknown, and holds in {holdsIn.ToString("N0", CultureInfo.InvariantCulture)} of the {of.ToString("N0", CultureInfo.InvariantCulture)} possible scenarios <span class=\"note\">(below, what it cannot do without in every one of them: “no longer derived” means in none)</span>"
                : null;
            html.Append("<div class=\"critical\"><p><code>").Append(Escape(answer.Claim)).Append("</code> is ").Append(State(answer.State))
                .Append(across ?? (answer.Cleanly ? string.Empty : " <span class=\"note\">(rests only on a conflict: “holds” means derived at all)</span>")).Append("</p><ul>");
            var singles = answer.Sets.Where(s => s.Count == 1).Select(s => s[0]).ToList();
            html.Append("<li>without any one of these ").Append(holds).Append(" (").Append(singles.Count).Append("):");
            WritePremises(singles, answer.ContestedSets.Where(s => s.Count == 1).Select(s => s[0]).ToList());
            html.Append("</li>");
            var larger = answer.Sets.Where(s => s.Count > 1).ToList();
            if (larger.Count > 0)
            {
                html.Append("<li>withdrawn together (").Append(larger.Count).Append("): <ul>");
                foreach (var set in larger)
                {
                    html.Append("<li><code>").Append(Escape(string.Join(" + ", set.Select(p => p.Statement)))).Append("</code>")
                        .Append(answer.LeavesContested(set) ? " <span class=\"note\">(then contested)</span>" : string.Empty).Append("</li>");
                }

                html.Append("</ul></li>");
            }

            html.Append("<li>critical sources: ").Append(answer.Sources.Count == 0 ? "none"
                : Escape(string.Join(", ", answer.Sources.Select(x => answer.ContestedSources.Contains(x, StringComparer.Ordinal) ? x + " (then contested)" : x)))).Append("</li>");
            if (answer.AcrossScenarios is not null)
            {
                html.Append("<li>its negation: not asked across scenarios (a what-if is asked of one evaluation); <code>policydsl critical --scenario NAME</code> asks within one</li></ul></div>\n");
                return;
            }

            html.Append("<li>stating the opposite of one of these breaks it (").Append(answer.Negations.Count).Append("):");
            WritePremises(answer.Negations);
            html.Append("</li></ul></div>\n");
        }

        private void WritePremises(IReadOnlyList<SupportPremise> premises, IReadOnlyList<SupportPremise>? leaveContested = null)
        {
            if (premises.Count == 0)
            {
                html.Append(" none");
                return;
            }

            html.Append("<ul>");
            foreach (var premise in premises)
            {
                html.Append("<li><code>").Append(Escape(premise.Statement)).Append("</code>")
                    .Append(premise.IsAssumption ? $" <span class=\"muted\">(open premise, fixed by scenario {Escape(premise.Scenario ?? string.Empty)})</span>" : premise.Scenario is null ? string.Empty : $" <span class=\"muted\">(premise of scenario “{Escape(premise.Scenario)}”)</span>")
                    .Append(premise.Citation is { } c ? Cite(c) + string.Concat(premise.Citations.Skip(1).Select(Cite)) : " <span class=\"note\">(cites no source)</span>")
                    .Append(" <span class=\"where\">").Append(Escape(premise.Location.ToString())).Append("</span>")
                    .Append(leaveContested?.Contains(premise) == true ? " <span class=\"note\">(then contested)</span>" : string.Empty).Append("</li>");
            }

            html.Append("</ul>");
        }

        private void WriteMatrix()
        {
            Heading("matrix", "Competing hypotheses");
            foreach (var note in overview.Notes.Where(n => n.Topic == "matrix"))
            {
                html.Append("<p class=\"note\">").Append(Escape(note.Text)).Append("</p>\n");
            }

            if (overview.Matrix is not { } matrix)
            {
                return;
            }

            html.Append("<ol class=\"hypotheses\">");
            foreach (var hypothesis in matrix.Hypotheses)
            {
                html.Append("<li><code>").Append(Escape(hypothesis.Name == hypothesis.Claim ? hypothesis.Claim : $"{hypothesis.Name}: {hypothesis.Claim}")).Append("</code></li>");
            }

            html.Append("</ol>\n");
            if (matrix.NotComputed is { } why)
            {
                html.Append("<p class=\"note\">The matrix was not computed: ").Append(Escape(why)).Append("</p>\n");
                return;
            }

            var count = matrix.Hypotheses.Count;
            html.Append("<table class=\"matrix\">\n<thead><tr><th scope=\"col\">evidence</th>");
            for (var h = 0; h < count; h++)
            {
                html.Append("<th scope=\"col\" title=\"").Append(Escape(matrix.Hypotheses[h].Claim)).Append("\">H").Append(h + 1).Append("</th>");
            }

            html.Append("</tr></thead>\n<tbody>\n");
            string? group = null;
            foreach (var row in matrix.Rows)
            {
                var cited = HypothesisMatrix.GroupOf(row.Premise);
                if (cited != group)
                {
                    group = cited;
                    html.Append("<tr class=\"group\"><th colspan=\"").Append(count + 1).Append("\" scope=\"rowgroup\">").Append(Escape(cited)).Append("</th></tr>\n");
                }

                html.Append("<tr").Append(row.IsDiagnostic ? string.Empty : " class=\"nondiag\"").Append("><td><code>").Append(Escape(row.Premise.Statement)).Append("</code>")
                    .Append(row.Premise.Citation is { } c ? Cite(c) : string.Empty).Append("</td>");
                foreach (var cell in row.Cells)
                {
                    var mark = MatrixText.Mark(cell);
                    html.Append("<td class=\"mark m-").Append(mark.Replace("/", string.Empty, StringComparison.Ordinal).Replace("-", "none", StringComparison.Ordinal)).Append("\">").Append(Escape(mark)).Append("</td>");
                }

                html.Append("</tr>\n");
            }

            html.Append("<tr><th scope=\"row\">inconsistent</th>");
            for (var h = 0; h < count; h++)
            {
                html.Append("<td class=\"mark\">").Append(matrix.Inconsistent(h)).Append("</td>");
            }

            html.Append("</tr>\n<tr><th scope=\"row\">consistent</th>");
            for (var h = 0; h < count; h++)
            {
                html.Append("<td class=\"mark\">").Append(matrix.Consistent(h)).Append("</td>");
            }

            html.Append("</tr>\n</tbody>\n</table>\n");
            var ranked = matrix.Ranking;
            html.Append("<p class=\"note\">C: in some support of the hypothesis (consistent); I: in some support of its negation (inconsistent); C/I: both; -: neither. ")
                .Append("Least inconsistent evidence first (Heuer: the hypothesis with the least survives): ")
                .Append(Escape(string.Join(", ", ranked.Select(h => $"H{h + 1} ({matrix.Inconsistent(h)})")))).Append(". ")
                .Append(matrix.NotDiagnostic).Append(" of ").Append(matrix.Rows.Count).Append(" premises bear the same way on every hypothesis.</p>\n");
        }

        private void WriteDiagnostics()
        {
            var diagnostics = overview.Report.Diagnostics;
            Heading("diagnostics", "Diagnostics");
            if (diagnostics.Count == 0)
            {
                html.Append("<p class=\"note\">No diagnostics.</p>\n");
                return;
            }

            html.Append("<ul class=\"diagnostics\">\n");
            foreach (var diagnostic in diagnostics)
            {
                var severity = diagnostic.Severity switch
                {
                    Severity.Error => "error",
                    Severity.Warning => "warning",
                    _ => "info",
                };
                html.Append("<li><span class=\"sev-").Append(severity).Append("\">").Append(severity).Append(' ').Append(Escape(diagnostic.Code)).Append("</span> ")
                    .Append("<span class=\"where\">").Append(Escape($"{diagnostic.Path}({diagnostic.Start.Line},{diagnostic.Start.Column})")).Append("</span> ")
                    .Append(Escape(diagnostic.Message));
                if (DiagnosticText.ShowsLine(diagnostic) is { } source)
                {
                    html.Append("<pre class=\"line\">").Append(diagnostic.Start.Line).Append(" | ").Append(Escape(source.GetLineText(diagnostic.Start.Line))).Append("</pre>");
                }

                html.Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        /// <summary>A citation as a button that shows its passage, or as the analyst's reason.</summary>
        private string Cite(Citation citation)
        {
            if (citation.IsAnalyst)
            {
                return $"<span class=\"analyst\">analyst’s judgment: {Escape(citation.Quote ?? string.Empty)}</span>";
            }

            var label = Escape(citation.ToString());
            return PassageId(citation) is { } id
                ? $"<button type=\"button\" class=\"cite\" data-passage=\"{id}\" title=\"read the passage\">{label}</button>"
                : $"<span class=\"cite\">{label} <span class=\"note\">(passage not found)</span></span>";
        }

        private string? PassageId(Citation citation)
        {
            if (citation.IsAnalyst)
            {
                return null;
            }

            var key = (citation.SourceName, citation.Anchor, citation.Quote);
            if (passages.TryGetValue(key, out var id))
            {
                return id;
            }

            if (overview.PassageOf(citation) is not { } passage)
            {
                return null;
            }

            id = $"{prefix}-passage{passages.Count + 1}";
            passages[key] = id;
            var source = overview.Sources.First(s => s.Name == citation.SourceName);
            var title = (citation.Anchor is null ? citation.SourceName : $"{citation.SourceName}#{citation.Anchor}") + (source.Title is null ? string.Empty : " · " + source.Title);
            passageOrder.Add((id, title, passage, citation));
            return id;
        }

        private void WritePassages()
        {
            foreach (var (id, title, passage, citation) in passageOrder)
            {
                html.Append("<template id=\"").Append(id).Append("\" data-title=\"").Append(Escape(title)).Append("\">");
                html.Append("<p class=\"muted\">").Append(Escape(citation.Quote is null ? "The claim cited:" : $"The claim cited, the quoted words “{citation.Quote}” marked:")).Append("</p>");
                html.Append("<div class=\"passage-text\">").Append(PassageHtml(passage)).Append("</div></template>\n");
            }
        }

        /// <summary>
        /// A passage as HTML: Markdown heading lines bold without their hashes, the quoted words marked (a mark may
        /// run over a line break).
        /// </summary>
        private static string PassageHtml(Passage passage)
        {
            var text = passage.Text;
            var marked = new bool[text.Length];
            foreach (var mark in passage.Marks)
            {
                Array.Fill(marked, true, mark.Start, mark.Length);
            }

            var output = new StringBuilder();
            var start = 0;
            var open = false;
            foreach (var line in text.Split('\n'))
            {
                var hashes = line.TakeWhile(c => c == '#').Count();
                var heading = hashes > 0 && line.Length > hashes && line[hashes] == ' ';
                if (heading && open)
                {
                    output.Append("</mark>");
                    open = false;
                }

                output.Append(heading ? "<strong>" : string.Empty);
                for (var i = start + (heading ? hashes + 1 : 0); i < start + line.Length; i++)
                {
                    if (marked[i] != open)
                    {
                        output.Append(open ? "</mark>" : "<mark>");
                        open = marked[i];
                    }

                    output.Append(Escape(text[i].ToString()));
                }

                if (heading)
                {
                    output.Append(open ? "</mark>" : string.Empty).Append("</strong>");
                    open = false;
                }

                start += line.Length + 1;
                if (start <= text.Length)
                {
                    // The line break is marked with the words around it.
                    var inside = open && start < text.Length && marked[start];
                    if (open && !inside)
                    {
                        output.Append("</mark>");
                        open = false;
                    }

                    output.Append('\n');
                }
            }

            output.Append(open ? "</mark>" : string.Empty);
            return output.ToString();
        }

        private string ProofId(int row) => $"{prefix}-proof{row + 1}";
    }

    /// <summary>A state as a labelled badge: the word is always there, the colour and the border pattern only repeat it.</summary>
    private static string State(string state, string? label = null) =>
        $"<span class=\"state {MapDot.StateClass(state)}\"><span class=\"label\">{Escape(label ?? state)}</span></span>";

    /// <summary>Graphviz's SVG without its XML prolog, doctype and comments, to sit inline in HTML.</summary>
    private static string InlineSvg(string svg)
    {
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        var body = start < 0 ? string.Empty : svg[start..];
        var text = new StringBuilder(body.Length);
        var i = 0;
        while (i < body.Length)
        {
            var comment = body.IndexOf("<!--", i, StringComparison.Ordinal);
            if (comment < 0)
            {
                text.Append(body, i, body.Length - i);
                break;
            }

            text.Append(body, i, comment - i);
            var end = body.IndexOf("-->", comment, StringComparison.Ordinal);
            i = end < 0 ? body.Length : end + 3;
        }

        return string.Join('\n', text.ToString().Split('\n').Where(line => line.Length > 0)) + "\n";
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ when char.IsControl(c) && c is not '\n' and not '\t' => $"&#x{(int)c:X};",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static string Json(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReport).Assembly.GetManifestResourceStream("PolicyDsl.Evaluator.Reports.Html." + name)
            ?? throw new InvalidOperationException($"the report's {name} is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    }
}
