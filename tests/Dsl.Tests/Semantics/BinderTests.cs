using FluentAssertions;
using PolicyDsl.Dsl.Diagnostics;
using PolicyDsl.Dsl.Semantics;
using PolicyDsl.Testing;
using Xunit;

namespace PolicyDsl.Dsl.Tests.Semantics;

public class BinderTests
{
    private const string Vocabulary = "scale stake = none < low < medium < high < vital\ntype actor = US | Russia (Russian) | China (Chinese) | Ukraine\n";

    private static Model Bind(string text)
    {
        using var folder = TestPaths.CreateTempFolder();
        return Analyzer.Analyze(Workspace.FromText(Path.Combine(folder.Path, "t.policy"), text));
    }

    [Fact]
    public void Phrase_form_reads_a_subject_constant_or_adjective_as_the_first_argument()
    {
        var model = Bind(Vocabulary + "fact US offer = low\nfact Russian price(Ukraine) = vital\nif US offer < Russian price(Ukraine) then no deal\n");
        model.Diagnostics.Should().BeEmpty();
        model.Relations["offer"].Signature.Should().Be("offer(actor) = stake");
        model.Relations["price"].Signature.Should().Be("price(actor, actor) = stake");
        model.Relations.Should().ContainKey("no_deal");
        model.Rules.Single().Condition.ToString().Should().Be("offer(US) < price(Russia, Ukraine)");
    }

    [Fact]
    public void Signatures_come_from_the_first_definition()
    {
        var model = Bind(Vocabulary + "fact trade(China, Russia, 2024) = $237B\nfact summit(US, China) = 2025-10-30\nfact not tradeable(Ukraine)\n");
        model.Diagnostics.Should().BeEmpty();
        model.Relations["trade"].Signature.Should().Be("trade(actor, actor, number) = money");
        model.Relations["summit"].Signature.Should().Be("summit(actor, actor) = date");
        model.Relations["tradeable"].IsValued.Should().BeFalse();
    }

    [Fact]
    public void Rule_conclusions_define_relations_with_variable_types()
    {
        var model = Bind(Vocabulary + "fact offer(US, Russia) = low\nfact price(Russia) = vital\nrule r(x: actor): if offer(US, x) < price(x) then no_deal(US, x)\n");
        model.Diagnostics.Should().BeEmpty();
        model.Relations["no_deal"].Signature.Should().Be("no_deal(actor, actor)");
        model.Rules.Single().Variables.Single().Type.Name.Should().Be("actor");
    }

    [Fact]
    public void A_level_shared_by_two_scales_takes_the_scale_of_what_it_is_compared_with()
    {
        var model = Bind("scale stake = low < high\nscale risk = low < severe\nfact r = severe\nif r > low then worrying\nif low < r then worrying_too\n");
        model.Diagnostics.Should().BeEmpty();
        model.Rules[0].Condition.Should().BeOfType<BoundBinary>().Which.Right.Type.Domain.Should().Be("risk");
        model.Rules[1].Condition.Should().BeOfType<BoundBinary>().Which.Left.Type.Domain.Should().Be("risk");
    }

    [Fact]
    public void Arithmetic_follows_the_units_rules()
    {
        var model = Bind("fact trade = $237B\nfact share = 40%\nfact years = 2\nif trade * share > $90B then big\nif trade / years > $100B then fast\nif trade / trade = 1 then one\n");
        model.Diagnostics.Should().BeEmpty();
    }

    [Fact]
    public void Did_you_mean_suggests_the_closest_name()
    {
        var model = Bind(Vocabulary + "fact offer(US, Russia) = low\nif ofer(US, Russia) > low then x\n");
        model.Diagnostics.Should().ContainSingle().Which.Message.Should().Contain("did you mean 'offer'?");
    }

    [Fact]
    public void Scenario_contents_are_kept_apart_from_the_base_argument()
    {
        var model = Bind(Vocabulary + "fact offer(US, Russia) = low\nscenario \"s\" {\n  fact offer(US, Russia) = vital\n  expect x\n}\nfact x\n");
        model.Diagnostics.Should().BeEmpty();
        model.Facts.Should().HaveCount(2);
        var scenario = model.Scenarios.Single();
        scenario.Facts.Single().Value!.Value.ToString().Should().Be("vital");
        scenario.Expectations.Should().ContainSingle();
        model.Expectations.Should().BeEmpty();
    }

    [Fact]
    public void Queries_bind_lower_case_arguments_as_variables_over_the_parameter_type()
    {
        var model = Bind(Vocabulary + "fact offer(US, Russia) = low\nfact price(Russia) = vital\nrule r(x: actor): if offer(US, x) < price(x) then no_deal(US, x)\n");
        var query = Analyzer.BindQuery(model, "no_deal(US, x)");
        query.HasErrors.Should().BeFalse();
        query.Variables.Should().ContainSingle().Which.Type.Name.Should().Be("actor");
        Analyzer.BindQuery(model, "price(Russia)").Expression.Should().BeOfType<BoundAtomValue>();
        Analyzer.BindQuery(model, "no_deal(US,").Diagnostics.Should().ContainSingle().Which.Code.Should().Be("PD0001");
        Analyzer.BindQuery(model, "no_dael(US, Russia)").Diagnostics.Single().Message.Should().Contain("did you mean 'no_deal'");
    }

    [Fact]
    public void Values_print_as_the_language_writes_them()
    {
        Value.OfNumber(ValueKind.Money, 237e9m).ToString().Should().Be("$237B");
        Value.OfNumber(ValueKind.Money, 1.2e12m).ToString().Should().Be("$1.2T");
        Value.OfNumber(ValueKind.Percent, 57).ToString().Should().Be("57%");
        Value.OfDate(new DateOnly(2025, 10, 30)).ToString().Should().Be("2025-10-30");
        Value.OfNumber(ValueKind.Number, 0.30m).ToString().Should().Be("0.3");
        Value.OfNumber(ValueKind.Percent, 57).Should().NotBe(Value.OfNumber(ValueKind.Number, 57));
    }

    [Fact]
    public void Citations_ignore_case_spacing_and_quote_styles()
    {
        Sources.QuoteText.Normalize("For China, it’s  “Taiwan”.\n").Should().Be(Sources.QuoteText.Normalize("for china, it's \"taiwan\"."));
    }

    [Fact]
    public void Expectations_and_scenarios_belong_to_the_file_being_checked_not_to_its_imports()
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write("other.policy", "fact a\nif a then b\nexpect b\nscenario \"s\" {\n  fact not a\n}\n");
        var root = folder.Write("root.policy", "import \"other.policy\"\nexpect a\n");
        var model = Analyzer.Analyze(root);
        model.Diagnostics.Should().BeEmpty();
        model.Expectations.Should().ContainSingle().Which.Text.Should().Be("expect a");
        model.Scenarios.Should().BeEmpty();
        model.Rules.Should().ContainSingle();
    }

    /// <summary>
    /// Found by the formatter's property test: a comment inside a statement that runs over two lines became part of
    /// the expectation's name, so fmt (which sets comments off by two spaces) changed what test printed.
    /// </summary>
    [Fact]
    public void An_expectation_is_named_without_the_comments_written_inside_it()
    {
        var model = Analyzer.Analyze(Workspace.FromText(Path.Combine(TestPaths.RepoRoot, "samples", "t.policy"),
            "fact p(China)\nexpect \"a // not a comment\": p// the claim\n  (China)\n"));
        model.Expectations.Should().ContainSingle().Which.Text.Should().Be("expect \"a // not a comment\": p (China)");
    }

    /// <summary>
    /// Issue 24: PD0026 was written at ten sites in as many wordings. Raised at each of them, it reads one way:
    /// what is declared twice, where the first one is when it has a place, and what to do.
    /// </summary>
    [Theory]
    [InlineData("rule r: if a then x\nrule r: if a then y\n", "rule 'r' is declared twice (first at ")]
    [InlineData("scenario \"s\" {\n  fact a\n}\nscenario \"s\" {\n  fact a\n}\n", "scenario \"s\" is declared twice (first at ")]
    [InlineData("type actor = K1\nrule r(x: actor, x: actor): if a then y(x)\n", "variable 'x' is declared twice in this rule; rename one")]
    [InlineData("assume v in [1, 1]\n", "value 1 is declared twice in this list; list each value once")]
    [InlineData("never \"n\": a\nnever \"n\": a\nexpect violation of \"n\"\n", "constraint label \"n\" is declared twice (first at ")]
    [InlineData("assume p\nassume p\n", "open premise 'p' is declared twice; remove one of the two")]
    [InlineData("source s = \"one.md\"\nsource s = \"two.md\"\n", "source 's' is declared twice for two documents (first at ")]
    [InlineData("scale size = small < small\n", "level 'small' is declared twice in scale 'size'; a scale lists each level once")]
    [InlineData("type actor = K1\nscale size = K1 < big\n", "name 'K1' is declared twice as a constant of type actor and as a level (first at ")]
    [InlineData("type t = K1\ntype t = K2\n", "name 't' is declared twice (first at ")]
    public void Declared_twice_reads_alike_wherever_it_is_raised(string duplicate, string message)
    {
        using var folder = TestPaths.CreateTempFolder();
        folder.Write("one.md", "# one\n");
        folder.Write("two.md", "# two\n");
        var model = Analyzer.Analyze(Workspace.FromText(Path.Combine(folder.Path, "t.policy"), "fact a\n" + duplicate));
        var found = model.Diagnostics.Where(d => d.Code == "PD0026").Should().ContainSingle().Subject;
        found.Message.Should().StartWith(message).And.MatchRegex(@"^[a-z ]+ \S+ is declared twice( [^;]+)?; \S.*$");
    }

    [Theory]
    [InlineData("scenario")]
    [InlineData("rule")]
    [InlineData("type")]
    [InlineData("scale")]
    [InlineData("source")]
    public void A_duplicate_is_PD0026_and_everything_after_it_still_binds_to_its_own_statement(string kind)
    {
        var duplicate = kind switch
        {
            "scenario" => "scenario \"s\" {\n  fact b\n}\nscenario \"s\" {\n  fact c\n}\n",
            "rule" => "rule r: if a then x\nrule r: if a then y\n",
            "type" => "type t = K1 | K2\ntype t = K3\n",
            "scale" => "scale size = small < big\nscale size = tiny < huge\n",
            _ => "source s = \"one.md\"\nsource s = \"two.md\"\n",
        };
        using var folder = TestPaths.CreateTempFolder();
        folder.Write("one.md", "# one\n");
        folder.Write("two.md", "# two\n");
        var model = Analyzer.Analyze(Workspace.FromText(Path.Combine(folder.Path, "t.policy"), "fact a\n" + duplicate + "fact d\nrule follow: if a and d then e\nexpect e\n"));
        model.Diagnostics.Where(d => d.IsError).Should().ContainSingle().Which.Code.Should().Be("PD0026");
        model.Facts.Select(f => f.Atom.ToString()).Should().Equal("a", "d");
        var follow = model.Rules.Single(r => r.Name == "follow");
        follow.Condition.ToString().Should().Be("a and d");
        follow.Conclusion!.Atom.ToString().Should().Be("e");
        model.Expectations.Should().ContainSingle().Which.Text.Should().Be("expect e");
    }

    [Fact]
    public void Past_a_hundred_problems_in_a_file_the_rest_are_counted_in_one_PD0006()
    {
        var model = Bind("type actor = US | China\n" + string.Concat(Enumerable.Range(0, 500).Select(i => $"fact p{i}(Chnia)\n")));
        model.Diagnostics.Should().HaveCount(Analyzer.MaxProblemsPerFile);
        model.Diagnostics.Take(Analyzer.MaxProblemsPerFile - 1).Should().OnlyContain(d => d.Code == "PD0021");
        model.Diagnostics[^1].Code.Should().Be("PD0006");
        model.Diagnostics[^1].Message.Should().StartWith("401 more errors in this file are not listed (500 in all)");
        model.HasErrors.Should().BeTrue();
    }

    [Fact]
    [Raises("PD0073")]
    public void Past_a_hundred_warnings_the_rest_are_counted_in_one_PD0073_and_errors_are_listed_apart()
    {
        // Warnings come first in the file; the error after them is still listed (a cap over both would hide it).
        var model = Bind("fact a\n" + string.Concat(Enumerable.Repeat("fact a\n", 300)) + "fact p(Chnia)\n");
        var warnings = model.Diagnostics.Where(d => d.Severity == Severity.Warning).ToList();
        warnings.Should().HaveCount(Analyzer.MaxProblemsPerFile);
        warnings.Take(Analyzer.MaxProblemsPerFile - 1).Should().OnlyContain(d => d.Code == "PD0037");
        warnings[^1].Code.Should().Be("PD0073");
        warnings[^1].Message.Should().StartWith("201 more warnings in this file are not listed (300 in all)");
        model.Diagnostics.Where(d => d.IsError).Should().ContainSingle().Which.Code.Should().Be("PD0021");
    }
}
