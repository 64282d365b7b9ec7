using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Sluice.Ingest.Formats;

/// <summary>
/// Extracts the readable text of an HTML page: drops scripts, styles and the page's navigation boilerplate (nav, header,
/// footer, aside and their ARIA roles, hidden elements), keeps headings, paragraphs, lists, tables and preformatted text
/// with line breaks where the blocks end.
/// </summary>
internal sealed class HtmlTextExtractor
{
    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "iframe", "svg", "canvas",
        "object", "embed", "button", "select", "datalist", "dialog", "menu",
    };

    private static readonly HashSet<string> DroppedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar",
    };

    private static readonly HashSet<string> Paragraphs = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "figure", "section", "article",
        "main", "hr", "address", "details", "fieldset",
    };

    private static readonly HashSet<string> Lines = new(StringComparer.OrdinalIgnoreCase)
    {
        "div", "li", "dt", "dd", "tr", "caption", "figcaption", "summary", "legend", "form", "body", "center",
    };

    private readonly HtmlParser _parser = new();
    private readonly StringBuilder _text = new();

    /// <summary>The page's text, title and language (null when absent).</summary>
    public (string Text, string? Title, string? Language) Extract(string html)
    {
        using var document = _parser.ParseDocument(html);
        var title = document.Title is { Length: > 0 } t ? t.Trim() : null;
        var language = document.DocumentElement?.GetAttribute("lang");
        _text.Clear();
        if (document.Body is { } body)
        {
            Walk(body, preformatted: false);
        }

        return (_text.ToString(), title, string.IsNullOrWhiteSpace(language) ? null : language.Trim());
    }

    private void Walk(INode node, bool preformatted)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    AppendText(text.Data, preformatted);
                    break;
                case IElement element:
                    if (IsBoilerplate(element))
                    {
                        continue;
                    }

                    var name = element.LocalName;
                    if (name == "br")
                    {
                        _text.Append('\n');
                        continue;
                    }

                    var paragraph = Paragraphs.Contains(name);
                    var line = !paragraph && (Lines.Contains(name) || name is "td" or "th");
                    if (paragraph)
                    {
                        _text.Append("\n\n");
                    }
                    else if (line && name is not ("td" or "th"))
                    {
                        _text.Append('\n');
                    }

                    Walk(element, preformatted || name is "pre" or "textarea");
                    if (paragraph)
                    {
                        _text.Append("\n\n");
                    }
                    else if (name is "td" or "th")
                    {
                        _text.Append('\t');
                    }
                    else if (line)
                    {
                        _text.Append('\n');
                    }

                    break;
            }
        }
    }

    private void AppendText(string data, bool preformatted)
    {
        if (preformatted)
        {
            _text.Append(data);
            return;
        }

        // Outside <pre>, any run of HTML white space renders as one space.
        var lastWasSpace = _text.Length == 0 || _text[^1] is ' ' or '\n' or '\t';
        foreach (var c in data)
        {
            if (c is ' ' or '\n' or '\r' or '\t' or '\f')
            {
                if (!lastWasSpace)
                {
                    _text.Append(' ');
                    lastWasSpace = true;
                }
            }
            else
            {
                _text.Append(c);
                lastWasSpace = false;
            }
        }
    }

    private static bool IsBoilerplate(IElement element)
    {
        if (Dropped.Contains(element.LocalName) || element.HasAttribute("hidden"))
        {
            return true;
        }

        var role = element.GetAttribute("role");
        if (role is not null && DroppedRoles.Contains(role.Trim()))
        {
            return true;
        }

        return element.GetAttribute("aria-hidden") is "true";
    }
}
