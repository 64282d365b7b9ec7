using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Sluice.Hosting;

namespace Sluice.Cli.Tests;

/// <summary>
/// docs/configuration.md as the options classes define it: every section (each <see cref="ISluiceOptions"/> class with a
/// <c>SectionName</c>), every key as an environment variable, its type, its default (read from a fresh instance) and
/// its meaning (the property's documentation comment).
/// </summary>
internal static partial class ConfigurationReference
{
    private static readonly Type[] Anchors =
    [
        typeof(BusOptions),
        typeof(Sluice.Ingest.IngestOptions),
        typeof(Sluice.Dedupe.DedupeOptions),
        typeof(Sluice.SafetyFilter.SafetyFilterOptions),
        typeof(Sluice.Tokenize.TokenizeOptions),
        typeof(Sluice.Training.Lines.TrainerOptions),
        typeof(Sluice.Evaluator.Worker.EvaluatorOptions),
    ];

    /// <summary>The document's text.</summary>
    public static string Render()
    {
        var sections = Anchors.Select(a => a.Assembly).Distinct()
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => typeof(ISluiceOptions).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => (Type: t, Section: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
            .Where(s => s.Section is not null)
            .OrderBy(s => s.Section, StringComparer.Ordinal)
            .ToList();
        var text = new StringBuilder();
        text.AppendLine("# Configuration reference");
        text.AppendLine();
        text.AppendLine("Generated from the options classes (`tests/Sluice.Cli.Tests/ConfigurationReference.cs`; a test fails when this file");
        text.AppendLine("and the classes differ, and `SLUICE_WRITE_DOCS=1` on that test rewrites it). Every key is shown as an environment");
        text.AppendLine("variable; in `appsettings.json` the same key is nested JSON (`Bus__RabbitMq__Host` is `Bus:RabbitMq:Host`). A list");
        text.AppendLine("takes an index (`__0__`, `__1__`, …) and a map a name where the key shows `<n>` or `<name>`. Defaults are the");
        text.AppendLine("classes' own; a service's `appsettings.json` may set others (see [operations.md](operations.md)).");
        foreach (var (type, section) in sections)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"## {section} (`{type.Name}`)");
            text.AppendLine();
            text.AppendLine("| key | type | default | meaning |");
            text.AppendLine("| --- | --- | --- | --- |");
            foreach (var row in Rows(section!, type, Activator.CreateInstance(type), 0))
            {
                text.AppendLine(row);
            }
        }

        return text.ToString();
    }

    private static IEnumerable<string> Rows(string prefix, Type type, object? instance, int depth)
    {
        if (depth > 6)
        {
            yield break;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.SetMethod is { IsPublic: true }).OrderBy(p => p.MetadataToken))
        {
            var key = $"{prefix}__{property.Name}";
            var value = instance is null ? null : property.GetValue(instance);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsLeaf(propertyType))
            {
                yield return Row(key, TypeName(propertyType), Format(value), property);
                continue;
            }

            if (Element(propertyType) is { } element)
            {
                var isMap = propertyType.IsGenericType && propertyType.GetGenericArguments().Length == 2;
                var itemKey = key + (isMap ? "__<name>" : "__<n>");
                if (IsLeaf(element))
                {
                    yield return Row(itemKey, (isMap ? "map of " : "list of ") + TypeName(element), FormatCollection(value), property);
                    continue;
                }

                yield return Row(key, (isMap ? "map of " : "list of ") + element.Name, FormatCollection(value), property);
                foreach (var row in Rows(itemKey, element, TryCreate(element), depth + 1))
                {
                    yield return row;
                }

                continue;
            }

            // An optional section that is unset by default (a profile's own thresholds) takes the keys of its type.
            if (instance is not null && value is null)
            {
                yield return Row(key + "__…", $"section ({propertyType.Name})", "unset", property);
                continue;
            }

            foreach (var row in Rows(key, propertyType, value ?? TryCreate(propertyType), depth + 1))
            {
                yield return row;
            }
        }
    }

    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan) || type == typeof(Uri);

    private static Type? Element(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var dictionary = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>));
        if (dictionary is not null)
        {
            return dictionary.GetGenericArguments()[1];
        }

        var enumerable = type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    private static object? TryCreate(Type type)
    {
        try
        {
            return type.GetConstructor(Type.EmptyTypes) is null ? null : Activator.CreateInstance(type);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    private static string TypeName(Type type) => type switch
    {
        _ when type.IsEnum => string.Join(" \\| ", Enum.GetNames(type)),
        _ when type == typeof(string) => "text",
        _ when type == typeof(bool) => "true \\| false",
        _ when type == typeof(int) || type == typeof(long) => "integer",
        _ when type == typeof(double) || type == typeof(float) || type == typeof(decimal) => "number",
        _ when type == typeof(ulong) || type == typeof(uint) => "integer ≥ 0",
        _ => type.Name,
    };

    private static string Format(object? value) => value switch
    {
        null => "none",
        string { Length: 0 } => "(empty)",
        string s => $"`{Escape(s)}`",
        bool b => b ? "`true`" : "`false`",
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        _ => $"`{Escape(value.ToString() ?? string.Empty)}`",
    };

    private static string FormatCollection(object? value) => value switch
    {
        null => "none",
        IDictionary { Count: 0 } or ICollection { Count: 0 } => "(empty)",
        IDictionary map => Escape(string.Join(", ", map.Keys.Cast<object>().Select(k => k.ToString()))),
        IEnumerable items when items.Cast<object>().All(i => IsLeaf(i.GetType())) => Escape(string.Join(", ", items.Cast<object>().Select(i => Format(i)))),
        IEnumerable items => $"{items.Cast<object>().Count()} item(s)",
        _ => "none",
    };

    private static string Row(string key, string type, string value, PropertyInfo property) =>
        $"| `{key}` | {type} | {value} | {Escape(Summary(property))} |";

    private static string Summary(PropertyInfo property)
    {
        var documentation = Documentation(property.DeclaringType!.Assembly);
        var name = $"P:{property.DeclaringType!.FullName!.Replace('+', '.')}.{property.Name}";
        var member = documentation?.Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == name);
        var summary = member?.Element("summary");
        if (summary is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "c" } c => $"`{c.Value}`",
                XElement { Name.LocalName: "see" or "seealso" } see => $"`{((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? see.Value).Split('.', ':')[^1]}`",
                XElement e => e.Value,
                _ => string.Empty,
            });
        }

        return Spaces().Replace(text.ToString(), " ").Trim();
    }

    private static readonly Dictionary<Assembly, XDocument?> Documents = [];

    private static XDocument? Documentation(Assembly assembly)
    {
        lock (Documents)
        {
            if (!Documents.TryGetValue(assembly, out var document))
            {
                var path = Path.ChangeExtension(assembly.Location, ".xml");
                document = File.Exists(path) ? XDocument.Load(path) : null;
                Documents[assembly] = document;
            }

            return document;
        }
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
