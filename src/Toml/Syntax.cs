using System.Collections.Generic;

namespace WitSharp.Toml
{
    /// <summary>A piece of a parsed document, in source order.</summary>
    internal abstract class SyntaxItem
    {
    }

    /// <summary>Text outside statements: blank lines, comment lines, a byte-order mark.</summary>
    internal sealed class TriviaSyntax : SyntaxItem
    {
        public TriviaSyntax(string text) => Text = text;

        public string Text { get; }
    }

    /// <summary>A <c>[table]</c> or <c>[[array]]</c> header line.</summary>
    internal sealed class HeaderSyntax : SyntaxItem
    {
        public HeaderSyntax(
            TomlTable table, IReadOnlyList<string> path, IReadOnlyList<TextSpan> keySpans, bool isArrayElement, string leading, string text, string trailing)
        {
            Table = table;
            Path = path;
            KeySpans = keySpans;
            IsArrayElement = isArrayElement;
            Leading = leading;
            Text = text;
            Trailing = trailing;
        }

        /// <summary>The table the header defines (an element, for <c>[[...]]</c>).</summary>
        public TomlTable Table { get; }

        /// <summary>The header's key path, to check the table still sits where the header says.</summary>
        public IReadOnlyList<string> Path { get; }

        /// <summary>Where each part of the path is written in <see cref="Text"/> (to rewrite renamed parts).</summary>
        public IReadOnlyList<TextSpan> KeySpans { get; }

        public bool IsArrayElement { get; }

        /// <summary>Indentation before the header.</summary>
        public string Leading { get; }

        /// <summary>The header exactly as written, brackets included.</summary>
        public string Text { get; }

        /// <summary>Whitespace, comment and line break after the header.</summary>
        public string Trailing { get; }
    }

    /// <summary>A <c>key = value</c> statement in a section or an inline table.</summary>
    internal sealed class KeyValueSyntax : SyntaxItem
    {
        public KeyValueSyntax(
            TomlTable section, IReadOnlyList<TomlTable> chain, IReadOnlyList<string> keyPath, IReadOnlyList<TextSpan> keySpans,
            string leading, string keyText, string between, string trailing)
        {
            Section = section;
            Chain = chain;
            KeyPath = keyPath;
            KeySpans = keySpans;
            Leading = leading;
            KeyText = keyText;
            Between = between;
            Trailing = trailing;
        }

        /// <summary>The table of the section (or the inline table) the statement is written in.</summary>
        public TomlTable Section { get; }

        /// <summary>The section, then each table the dotted key passes through; the last one owns the key.</summary>
        public IReadOnlyList<TomlTable> Chain { get; }

        /// <summary>The key's parts relative to <see cref="Section"/>.</summary>
        public IReadOnlyList<string> KeyPath { get; }

        /// <summary>Where each part is written in <see cref="KeyText"/> (to rewrite renamed parts).</summary>
        public IReadOnlyList<TextSpan> KeySpans { get; }

        public TomlTable Owner => Chain[Chain.Count - 1];

        /// <summary>Indentation (or, in an inline table, the whitespace after '{' or ',').</summary>
        public string Leading { get; }

        /// <summary>The key exactly as written (quotes, dots and spaces around dots included).</summary>
        public string KeyText { get; }

        /// <summary>The text from the end of the key to the start of the value ("<c> = </c>").</summary>
        public string Between { get; }

        /// <summary>After the value: whitespace, comment and line break (in an inline table: whitespace before ',' or '}').</summary>
        public string Trailing { get; }
    }

    /// <summary>A range of characters in a piece of source text.</summary>
    internal readonly struct TextSpan
    {
        public TextSpan(int start, int length)
        {
            Start = start;
            Length = length;
        }

        public int Start { get; }

        public int Length { get; }
    }
}
