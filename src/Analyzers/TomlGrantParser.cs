using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace WitSharp.Analyzers
{
    /// <summary>A node of the TOML tree the grant reader needs, with the span of its text.</summary>
    internal abstract class TomlNode
    {
        protected TomlNode(TextSpan span) => Span = span;

        public TextSpan Span { get; }
    }

    /// <summary>A table: document root, <c>[header]</c>, array-of-tables element, dotted-key parent or inline table.</summary>
    internal sealed class TomlTable : TomlNode
    {
        private readonly Dictionary<string, TomlNode> _entries = new Dictionary<string, TomlNode>(StringComparer.Ordinal);

        public TomlTable(TextSpan span) : base(span) { }

        public TomlNode? Get(string key) => _entries.TryGetValue(key, out TomlNode? node) ? node : null;

        public bool TryAdd(string key, TomlNode node)
        {
            if (_entries.ContainsKey(key))
                return false;
            _entries.Add(key, node);
            return true;
        }
    }

    /// <summary>An array value or an array of tables.</summary>
    internal sealed class TomlArray : TomlNode
    {
        public TomlArray(TextSpan span, List<TomlNode> items) : base(span) => Items = items;

        public List<TomlNode> Items { get; }
    }

    internal sealed class TomlString : TomlNode
    {
        public TomlString(TextSpan span, string value) : base(span) => Value = value;

        public string Value { get; }
    }

    /// <summary>Booleans, numbers, dates and times: their values do not matter for grants.</summary>
    internal sealed class TomlScalar : TomlNode
    {
        public TomlScalar(TextSpan span) : base(span) { }
    }

    /// <summary>
    /// Reads TOML 1.0 syntax (all string forms, arrays, inline tables, dotted keys, table and array-of-tables headers)
    /// into a tree of tables, arrays and strings with source spans. It checks structure, not every scalar's grammar:
    /// the host's TOML reader validates the file when it loads it; this one only has to locate grants.
    /// </summary>
    internal sealed class TomlGrantParser
    {
        /// <summary>Malformed TOML at <see cref="Position"/> (a character offset).</summary>
        public sealed class SyntaxException : Exception
        {
            public SyntaxException(string message, int position) : base(message) => Position = position;

            public int Position { get; }
        }

        private readonly string _text;
        private int _position;

        public TomlGrantParser(string text) => _text = text;

        public TomlTable ParseDocument()
        {
            var root = new TomlTable(new TextSpan(0, _text.Length));
            TomlTable current = root;
            while (true)
            {
                SkipWhitespaceCommentsAndNewlines();
                if (AtEnd)
                    return root;
                if (Peek == '[')
                    current = ParseHeader(root);
                else
                    ParseKeyValue(current);
                ExpectEndOfLine();
            }
        }

        private bool AtEnd => _position >= _text.Length;
        private char Peek => _text[_position];
        private char PeekAt(int offset) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

        private SyntaxException Error(string message) => new SyntaxException(message, _position);

        private string Describe() => AtEnd ? "the end of the file" : Peek == '\n' || Peek == '\r' ? "the end of the line" : $"'{Peek}'";

        private TomlTable ParseHeader(TomlTable root)
        {
            int start = _position;
            bool arrayOfTables = PeekAt(1) == '[';
            _position += arrayOfTables ? 2 : 1;
            List<(string Key, int Start)> path = ParseKey();
            SkipSpaces();
            if (!Consume(']') || (arrayOfTables && !Consume(']')))
                throw Error($"expected '{(arrayOfTables ? "]]" : "]")}' to close the table header, found {Describe()}");
            var span = TextSpan.FromBounds(start, _position);

            TomlTable parent = root;
            for (int i = 0; i < path.Count - 1; i++)
                parent = Descend(parent, path[i], span);
            (string last, int lastStart) = path[path.Count - 1];
            TomlNode? existing = parent.Get(last);
            if (arrayOfTables)
            {
                if (existing == null)
                {
                    existing = new TomlArray(span, new List<TomlNode>());
                    parent.TryAdd(last, existing);
                }
                if (!(existing is TomlArray tables))
                    throw new SyntaxException($"'{last}' is already a value, not an array of tables", lastStart);
                var element = new TomlTable(span);
                tables.Items.Add(element);
                return element;
            }
            return Descend(parent, path[path.Count - 1], span);
        }

        /// <summary>The table under <paramref name="key"/>, created when missing; an array of tables yields its last element.</summary>
        private static TomlTable Descend(TomlTable table, (string Key, int Start) key, TextSpan span)
        {
            TomlNode? node = table.Get(key.Key);
            if (node == null)
            {
                var created = new TomlTable(span);
                table.TryAdd(key.Key, created);
                return created;
            }
            if (node is TomlTable existing)
                return existing;
            if (node is TomlArray array && array.Items.Count > 0 && array.Items[array.Items.Count - 1] is TomlTable last)
                return last;
            throw new SyntaxException($"'{key.Key}' is already a value, not a table", key.Start);
        }

        private void ParseKeyValue(TomlTable table)
        {
            List<(string Key, int Start)> path = ParseKey();
            SkipSpaces();
            if (!Consume('='))
                throw Error($"expected '=' after the key '{path[path.Count - 1].Key}', found {Describe()}");
            SkipSpaces();
            TomlNode value = ParseValue();
            TomlTable parent = table;
            for (int i = 0; i < path.Count - 1; i++)
                parent = Descend(parent, path[i], value.Span);
            if (!parent.TryAdd(path[path.Count - 1].Key, value))
                throw new SyntaxException($"the key '{path[path.Count - 1].Key}' is defined twice", path[path.Count - 1].Start);
        }

        private List<(string Key, int Start)> ParseKey()
        {
            var path = new List<(string, int)>();
            while (true)
            {
                SkipSpaces();
                int start = _position;
                if (AtEnd)
                    throw Error("expected a key, found the end of the file");
                if (Peek == '"' || Peek == '\'')
                {
                    if (PeekAt(1) == Peek && PeekAt(2) == Peek)
                        throw Error("a key cannot be a multi-line string");
                    path.Add((((TomlString)ParseString()).Value, start));
                }
                else
                {
                    while (!AtEnd && IsBareKeyCharacter(Peek))
                        _position++;
                    if (_position == start)
                        throw Error($"expected a key, found {Describe()}");
                    path.Add((_text.Substring(start, _position - start), start));
                }
                SkipSpaces();
                if (!Consume('.'))
                    return path;
            }
        }

        private static bool IsBareKeyCharacter(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';

        private TomlNode ParseValue()
        {
            if (AtEnd)
                throw Error("expected a value, found the end of the file");
            switch (Peek)
            {
                case '"':
                case '\'':
                    return ParseString();
                case '[':
                    return ParseArray();
                case '{':
                    return ParseInlineTable();
                default:
                    return ParseScalar();
            }
        }

        private TomlNode ParseArray()
        {
            int start = _position++;
            var items = new List<TomlNode>();
            while (true)
            {
                SkipWhitespaceCommentsAndNewlines();
                if (AtEnd)
                    throw new SyntaxException("array is not closed: add ']'", start);
                if (Consume(']'))
                    return new TomlArray(TextSpan.FromBounds(start, _position), items);
                items.Add(ParseValue());
                SkipWhitespaceCommentsAndNewlines();
                if (Consume(','))
                    continue;
                if (!AtEnd && Peek == ']')
                    continue;
                throw Error($"expected ',' or ']' in the array, found {Describe()}");
            }
        }

        private TomlNode ParseInlineTable()
        {
            int start = _position++;
            var table = new TomlTable(new TextSpan(start, 1));
            SkipSpaces();
            if (Consume('}'))
                return table;
            while (true)
            {
                ParseKeyValue(table);
                SkipSpaces();
                if (Consume('}'))
                    return table;
                if (!Consume(','))
                    throw Error($"expected ',' or '}}' in the inline table, found {Describe()}");
            }
        }

        private TomlNode ParseScalar()
        {
            int start = _position;
            while (!AtEnd && IsScalarCharacter(Peek))
            {
                _position++;
                // A date-time may separate date and time with a space: 1979-05-27 07:32:00Z.
                if (!AtEnd && Peek == ' ' && _position - start == 10 && _text[start + 4] == '-' && char.IsDigit(PeekAt(1)))
                    _position++;
            }
            if (_position == start)
                throw Error($"expected a value, found {Describe()}");
            return new TomlScalar(TextSpan.FromBounds(start, _position));
        }

        private static bool IsScalarCharacter(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '+' || c == '.' || c == ':';

        private TomlNode ParseString()
        {
            int start = _position;
            char quote = Peek;
            bool multiline = PeekAt(1) == quote && PeekAt(2) == quote;
            _position += multiline ? 3 : 1;
            if (multiline)
                SkipNewline(); // a newline right after the opening delimiter is trimmed
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                    throw new SyntaxException($"string is not closed: add {(multiline ? new string(quote, 3) : quote.ToString())}", start);
                char c = Peek;
                if (c == quote)
                {
                    if (!multiline)
                    {
                        _position++;
                        break;
                    }
                    int run = 0;
                    while (PeekAt(run) == quote)
                        run++;
                    if (run >= 3)
                    {
                        // Up to two quotes before the closing delimiter belong to the content.
                        value.Append(quote, Math.Min(run - 3, 2));
                        _position += Math.Min(run, 5);
                        break;
                    }
                    value.Append(quote, run);
                    _position += run;
                    continue;
                }
                if ((c == '\n' || c == '\r') && !multiline)
                    throw Error("string is not closed before the end of the line");
                if (c == '\\' && quote == '"')
                {
                    ParseEscape(value, multiline);
                    continue;
                }
                value.Append(c);
                _position++;
            }
            return new TomlString(TextSpan.FromBounds(start, _position), value.ToString());
        }

        private void ParseEscape(StringBuilder value, bool multiline)
        {
            int start = _position++;
            if (AtEnd)
                throw new SyntaxException("unfinished escape sequence", start);
            char c = Peek;
            _position++;
            switch (c)
            {
                case 'b': value.Append('\b'); return;
                case 't': value.Append('\t'); return;
                case 'n': value.Append('\n'); return;
                case 'f': value.Append('\f'); return;
                case 'r': value.Append('\r'); return;
                case 'e': value.Append('\u001b'); return;
                case '"': value.Append('"'); return;
                case '\\': value.Append('\\'); return;
                case 'u':
                case 'U':
                    int digits = c == 'u' ? 4 : 8;
                    if (_position + digits > _text.Length
                        || !int.TryParse(_text.Substring(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code)
                        || code < 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
                        throw new SyntaxException($"\\{c} must be followed by {digits} hex digits of a Unicode scalar value", start);
                    value.Append(char.ConvertFromUtf32(code));
                    _position += digits;
                    return;
            }
            if (multiline && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
            {
                // Line-ending backslash: drop the newline and the whitespace that follows it.
                _position--;
                SkipSpaces();
                if (!SkipNewline())
                    throw new SyntaxException("only whitespace may follow a line-ending backslash", start);
                while (!AtEnd && (Peek == ' ' || Peek == '\t' || Peek == '\n' || Peek == '\r'))
                    _position++;
                return;
            }
            throw new SyntaxException($"'\\{c}' is not a valid escape sequence", start);
        }

        private void ExpectEndOfLine()
        {
            SkipSpaces();
            if (!AtEnd && Peek == '#')
                SkipComment();
            if (!AtEnd && !SkipNewline())
                throw Error($"expected the end of the line, found {Describe()}");
        }

        private void SkipWhitespaceCommentsAndNewlines()
        {
            while (!AtEnd)
            {
                if (Peek == ' ' || Peek == '\t' || Peek == '\n' || Peek == '\r')
                    _position++;
                else if (Peek == '#')
                    SkipComment();
                else
                    return;
            }
        }

        private void SkipComment()
        {
            while (!AtEnd && Peek != '\n' && Peek != '\r')
                _position++;
        }

        private void SkipSpaces()
        {
            while (!AtEnd && (Peek == ' ' || Peek == '\t'))
                _position++;
        }

        private bool SkipNewline()
        {
            if (Consume('\n'))
                return true;
            if (!AtEnd && Peek == '\r' && PeekAt(1) == '\n')
            {
                _position += 2;
                return true;
            }
            return false;
        }

        private bool Consume(char c)
        {
            if (AtEnd || Peek != c)
                return false;
            _position++;
            return true;
        }
    }
}
