using System.Collections;
using System.Reflection;
using System.Text;

namespace PolicyDsl.Repl.Interactive;

/// <summary>Prints collections as aligned tables (public properties as columns), everything else with ToString.</summary>
public static class TextTable
{
    public const int MaxRows = 200;

    public static string Format(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string s:
                return "\"" + s + "\"";
            case bool b:
                return b ? "true" : "false";
            case IEnumerable items when value is not IFormattable:
                return Table(items.Cast<object?>().ToList());
            default:
                return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        }
    }

    private static string Table(List<object?> rows)
    {
        if (rows.Count == 0)
        {
            return "(empty)";
        }

        var type = rows.FirstOrDefault(r => r is not null)?.GetType();
        var properties = type is null || IsScalar(type)
            ? []
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToArray();
        var header = properties.Length == 0 ? ["value"] : properties.Select(p => p.Name).ToArray();
        var cells = rows.Take(MaxRows).Select(r => properties.Length == 0
            ? [Cell(r)]
            : properties.Select(p => Cell(r is null ? null : p.GetValue(r))).ToArray()).ToList();
        var widths = header.Select((h, i) => Math.Min(60, Math.Max(h.Length, cells.Max(c => c[i].Length)))).ToArray();
        var output = new StringBuilder();
        void Line(string[] values) => output.Append(string.Join("  ", values.Select((v, i) => (v.Length > widths[i] ? v[..(widths[i] - 3)] + "..." : v).PadRight(widths[i]))).TrimEnd()).Append('\n');
        Line(header);
        Line([.. widths.Select(w => new string('-', w))]);
        cells.ForEach(Line);
        output.Append(rows.Count > MaxRows ? $"({rows.Count} rows, first {MaxRows} shown)" : $"({rows.Count} {(rows.Count == 1 ? "row" : "rows")})");
        return output.ToString();
    }

    private static bool IsScalar(Type type) => type.IsPrimitive || type == typeof(string) || type == typeof(decimal) || type.IsEnum;

    private static string Cell(object? value) => value switch
    {
        null => string.Empty,
        string s => s,
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(i => i?.ToString())),
        _ => value.ToString() ?? string.Empty,
    };
}
