using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WitSharp.Toml
{
    /// <summary>
    /// TOML 1.0.0 parser. Builds the value tree and, alongside, the syntax items (headers, key/value statements,
    /// trivia) whose concatenated text is exactly the input, so an unedited document writes back byte for byte.
    /// </summary>
    internal sealed class TomlParser
    {
        private readonly string _text;
        private readonly string? _sourcePath;
        private readonly List<int> _lineStarts = new List<int> { 0 };
        private readonly TomlTable _root;
        private readonly List<SyntaxItem> _items = new List<SyntaxItem>();
        /// <summary>Arrays and inline tables nest at most this deep, so hostile input cannot exhaust the stack.</summary>
        private const int MaxNesting = 256;

        private int _pos;
        private int _depth;
        private TomlTable _section;

        private TomlParser(string text, string? sourcePath)
        {
            _text = text;
            _sourcePath = sourcePath;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    _lineStarts.Add(i + 1);
                }
            }

            _root = new TomlTable(TableOrigin.Root) { Position = new TomlPosition(sourcePath, 1, 1) };
            _section = _root;
        }

        private char Current => _pos < _text.Length ? _text[_pos] : '\0';

        private bool AtEnd => _pos >= _text.Length;

        public static TomlDocument Parse(string text, string? sourcePath)
        {
            var parser = new TomlParser(text, sourcePath);
            parser.ParseDocument();
            var newLine = text.IndexOf('\n') is var lf && lf > 0 && text[lf - 1] == '\r' ? "\r\n" : "\n";
            return new TomlDocument(parser._root, parser._items, sourcePath, newLine);
        }

        private void ParseDocument()
        {
            var trivia = new StringBuilder();
            if (Current == '\uFEFF')
            {
                trivia.Append('\uFEFF');
                _pos++;
            }

            while (!AtEnd)
            {
                var lineStart = _pos;
                SkipWhitespace();
                if (AtEnd || Current == '#' || Current == '\n' || Current == '\r')
                {
                    SkipComment();
                    ReadLineEnd("a comment or blank line");
                    trivia.Append(_text, lineStart, _pos - lineStart);
                    continue;
                }

                if (trivia.Length > 0)
                {
                    _items.Add(new TriviaSyntax(trivia.ToString()));
                    trivia.Clear();
                }

                var leading = _text.Substring(lineStart, _pos - lineStart);
                if (Current == '[')
                {
                    ParseHeader(leading);
                }
                else
                {
                    ParseKeyValueStatement(leading);
                }
            }

            if (trivia.Length > 0)
            {
                _items.Add(new TriviaSyntax(trivia.ToString()));
            }
        }

        // ---------------------------------------------------------------- statements

        private void ParseHeader(string leading)
        {
            var start = _pos;
            var isArray = _pos + 1 < _text.Length && _text[_pos + 1] == '[';
            _pos += isArray ? 2 : 1;
            SkipWhitespace();
            var key = ParseKey();
            SkipWhitespace();
            if (isArray)
            {
                if (Current != ']' || _pos + 1 >= _text.Length || _text[_pos + 1] != ']')
                {
                    throw Error($"expected ']]' to close the array-of-tables header, found {Describe(_pos)}");
                }

                _pos += 2;
            }
            else
            {
                if (Current != ']')
                {
                    throw Error($"expected ']' to close the table header, found {Describe(_pos)}");
                }

                _pos++;
            }

            var text = _text.Substring(start, _pos - start);
            var table = isArray ? DefineArrayElement(key, start) : DefineTable(key, start);
            _section = table;
            var trailing = ReadStatementEnd(isArray ? "an array-of-tables header" : "a table header");
            _items.Add(new HeaderSyntax(table, key.Parts, key.Spans(start), isArray, leading, text, trailing));
        }

        private void ParseKeyValueStatement(string leading)
        {
            var entry = ParseKeyValue(_section);
            var trailing = ReadStatementEnd("a key/value pair");
            _items.Add(new KeyValueSyntax(_section, entry.Chain, entry.Key.Parts, entry.Key.Spans(entry.Key.PartStarts[0]), leading, entry.Key.Text, entry.Between, trailing));
        }

        /// <summary>After a statement: optional whitespace and comment, then a line break or the end of the text.</summary>
        private string ReadStatementEnd(string what)
        {
            var start = _pos;
            SkipWhitespace();
            if (!AtEnd && Current != '#' && Current != '\n' && Current != '\r')
            {
                throw Error($"expected a line break after {what}, found {Describe(_pos)}");
            }

            SkipComment();
            ReadLineEnd(what);
            return _text.Substring(start, _pos - start);
        }

        private void ReadLineEnd(string what)
        {
            if (AtEnd)
            {
                return;
            }

            if (Current == '\n')
            {
                _pos++;
                return;
            }

            if (Current == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n')
            {
                _pos += 2;
                return;
            }

            throw Error(Current == '\r'
                ? "a carriage return must be followed by a line feed"
                : $"expected a line break after {what}, found {Describe(_pos)}");
        }

        private ParsedEntry ParseKeyValue(TomlTable section)
        {
            var key = ParseKey();
            var betweenStart = _pos;
            SkipWhitespace();
            if (Current != '=')
            {
                throw Error(AtEnd || Current == '\n' || Current == '\r'
                    ? $"expected '=' after the key '{key.Display}'"
                    : $"expected '=' after the key '{key.Display}', found {Describe(_pos)}");
            }

            _pos++;
            SkipWhitespace();
            var between = _text.Substring(betweenStart, _pos - betweenStart);
            if (AtEnd || Current == '\n' || Current == '\r' || Current == '#')
            {
                throw Error($"expected a value after '{key.Display} ='");
            }

            var value = ParseValue();
            var chain = Assign(section, key, value);
            return new ParsedEntry(key, between, chain);
        }

        // ---------------------------------------------------------------- table definitions

        private TomlTable DefineTable(ParsedKey key, int headerStart)
        {
            var parent = NavigateHeaderPrefix(key, headerStart);
            var name = key.Parts[key.Parts.Count - 1];
            var path = key.Display;
            if (parent.TryGetValue(name, out var existing))
            {
                if (existing is TomlTable table)
                {
                    switch (table.Origin)
                    {
                        case TableOrigin.Implicit:
                            table.Origin = TableOrigin.Header;
                            table.Position = PositionAt(headerStart);
                            return table;
                        case TableOrigin.Dotted:
                            throw ErrorAt(headerStart, $"table [{path}] was already defined by dotted keys at {table.Position}");
                        case TableOrigin.Inline:
                            throw ErrorAt(headerStart, $"table [{path}] was already defined as an inline table at {table.Position}");
                        default:
                            throw ErrorAt(headerStart, $"table [{path}] is defined twice (first at {table.Position})");
                    }
                }

                if (existing is TomlArray array && array.IsArrayOfTables)
                {
                    throw ErrorAt(headerStart, $"[{path}] is an array of tables (defined at {array.Position}); use [[{path}]] to add an element");
                }

                throw ErrorAt(headerStart, $"cannot define table [{path}]: the key already holds {Article(existing)} (at {existing.Position})");
            }

            var created = new TomlTable(TableOrigin.Header) { Position = PositionAt(headerStart) };
            parent.AddParsed(name, created, PositionAt(key.PartStarts[key.Parts.Count - 1]));
            return created;
        }

        private TomlTable DefineArrayElement(ParsedKey key, int headerStart)
        {
            var parent = NavigateHeaderPrefix(key, headerStart);
            var name = key.Parts[key.Parts.Count - 1];
            var path = key.Display;
            TomlArray array;
            if (parent.TryGetValue(name, out var existing))
            {
                if (existing is TomlArray found && found.IsArrayOfTables)
                {
                    array = found;
                }
                else if (existing is TomlArray)
                {
                    throw ErrorAt(headerStart, $"cannot append to [[{path}]]: '{path}' is a static array (defined at {existing.Position})");
                }
                else if (existing is TomlTable)
                {
                    throw ErrorAt(headerStart, $"cannot define array of tables [[{path}]]: '{path}' is already a table (defined at {existing.Position})");
                }
                else
                {
                    throw ErrorAt(headerStart, $"cannot define array of tables [[{path}]]: the key already holds {Article(existing)} (at {existing.Position})");
                }
            }
            else
            {
                array = new TomlArray { IsArrayOfTables = true, Position = PositionAt(headerStart) };
                parent.AddParsed(name, array, PositionAt(key.PartStarts[key.Parts.Count - 1]));
            }

            var element = new TomlTable(TableOrigin.ArrayElement) { Position = PositionAt(headerStart) };
            array.AddParsed(element, string.Empty, string.Empty);
            return element;
        }

        /// <summary>Walks (creating implicit tables) to the table that will hold a header's last key.</summary>
        private TomlTable NavigateHeaderPrefix(ParsedKey key, int headerStart)
        {
            var table = _root;
            for (var i = 0; i < key.Parts.Count - 1; i++)
            {
                var name = key.Parts[i];
                if (!table.TryGetValue(name, out var existing))
                {
                    var created = new TomlTable(TableOrigin.Implicit) { Position = PositionAt(key.PartStarts[i]) };
                    table.AddParsed(name, created, created.Position.Value);
                    table = created;
                    continue;
                }

                var prefix = key.DisplayPrefix(i + 1);
                switch (existing)
                {
                    case TomlTable { Origin: TableOrigin.Inline } inlineTable:
                        throw ErrorAt(headerStart, $"cannot add to '{prefix}': it is an inline table (defined at {inlineTable.Position}) and inline tables are closed");
                    case TomlTable next:
                        table = next;
                        break;
                    case TomlArray { IsArrayOfTables: true } array:
                        table = (TomlTable)array[array.Count - 1];
                        break;
                    case TomlArray array:
                        throw ErrorAt(headerStart, $"cannot add to '{prefix}': it is a static array (defined at {array.Position})");
                    default:
                        throw ErrorAt(headerStart, $"cannot add to '{prefix}': it holds {Article(existing)} (at {existing.Position}), not a table");
                }
            }

            return table;
        }

        /// <summary>Assigns a dotted key in <paramref name="section"/>; returns the section and the tables the key walks through.</summary>
        private List<TomlTable> Assign(TomlTable section, ParsedKey key, TomlValue value)
        {
            var chain = new List<TomlTable> { section };
            var table = section;
            for (var i = 0; i < key.Parts.Count - 1; i++)
            {
                var name = key.Parts[i];
                if (!table.TryGetValue(name, out var existing))
                {
                    var created = new TomlTable(TableOrigin.Dotted) { Position = PositionAt(key.PartStarts[i]) };
                    table.AddParsed(name, created, created.Position.Value);
                    table = created;
                }
                else if (existing is TomlTable next && (next.Origin == TableOrigin.Dotted || next.Origin == TableOrigin.Implicit))
                {
                    table = next;
                }
                else
                {
                    var prefix = key.DisplayPrefix(i + 1);
                    throw ErrorAt(key.PartStarts[i], existing switch
                    {
                        TomlTable { Origin: TableOrigin.Inline } => $"cannot add keys to '{prefix}': it is an inline table (defined at {existing.Position}) and inline tables are closed",
                        TomlTable => $"cannot add keys to table '{prefix}' with dotted keys: it was defined by a [table] header at {existing.Position}",
                        _ => $"cannot use '{prefix}' as a table: it already holds {Article(existing)} (at {existing.Position})",
                    });
                }

                chain.Add(table);
            }

            var last = key.Parts[key.Parts.Count - 1];
            if (table.TryGetValue(last, out var duplicate))
            {
                throw ErrorAt(key.PartStarts[key.Parts.Count - 1], $"duplicate key '{key.Display}' (first defined at {table.GetKeyPosition(last) ?? duplicate.Position})");
            }

            table.AddParsed(last, value, PositionAt(key.PartStarts[key.Parts.Count - 1]));
            return chain;
        }

        // ---------------------------------------------------------------- keys

        private ParsedKey ParseKey()
        {
            var start = _pos;
            var parts = new List<string>();
            var starts = new List<int>();
            var ends = new List<int>();
            while (true)
            {
                starts.Add(_pos);
                parts.Add(ParseSimpleKey());
                ends.Add(_pos);
                var afterPart = _pos;
                SkipWhitespace();
                if (Current != '.')
                {
                    _pos = afterPart;
                    break;
                }

                _pos++;
                SkipWhitespace();
            }

            return new ParsedKey(parts, starts, ends, _text.Substring(start, _pos - start));
        }

        private string ParseSimpleKey()
        {
            var c = Current;
            if (c == '"')
            {
                if (IsAt("\"\"\""))
                {
                    throw Error("a multi-line string cannot be used as a key");
                }

                return ParseBasicString();
            }

            if (c == '\'')
            {
                if (IsAt("'''"))
                {
                    throw Error("a multi-line string cannot be used as a key");
                }

                return ParseLiteralString();
            }

            var start = _pos;
            while (!AtEnd && IsBareKeyChar(Current))
            {
                _pos++;
            }

            if (_pos == start)
            {
                throw Error(AtEnd || c == '\n' || c == '\r'
                    ? "expected a key"
                    : $"expected a key, found {Describe(_pos)} (bare keys may only contain A-Z, a-z, 0-9, '_' and '-')");
            }

            return _text.Substring(start, _pos - start);
        }

        private static bool IsBareKeyChar(char c) =>
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';

        // ---------------------------------------------------------------- values

        private TomlValue ParseValue()
        {
            var start = _pos;
            var position = PositionAt(start);
            TomlValue value;
            switch (Current)
            {
                case '"':
                    value = new TomlString(IsAt("\"\"\"") ? ParseMultilineBasicString() : ParseBasicString());
                    break;
                case '\'':
                    value = new TomlString(IsAt("'''") ? ParseMultilineLiteralString() : ParseLiteralString());
                    break;
                case '[':
                case '{':
                    if (++_depth > MaxNesting)
                    {
                        throw Error($"arrays and inline tables are nested more than {MaxNesting} levels deep");
                    }

                    value = Current == '[' ? ParseArray() : ParseInlineTable();
                    _depth--;
                    value.Position = position;
                    return value;
                case 't':
                case 'f':
                    value = ParseBoolean();
                    break;
                default:
                    value = LooksLikeDateTime() ? ParseDateTime() : ParseNumber();
                    break;
            }

            if (value is not TomlString)
            {
                CheckValueEnd(start);
            }

            value.Position = position;
            value.SourceText = _text.Substring(start, _pos - start);
            return value;
        }

        private void CheckValueEnd(int start)
        {
            if (AtEnd)
            {
                return;
            }

            var c = Current;
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '#' || c == ',' || c == ']' || c == '}')
            {
                return;
            }

            throw Error($"unexpected {Describe(_pos)} after the value '{_text.Substring(start, _pos - start)}'");
        }

        private TomlValue ParseBoolean()
        {
            if (IsAt("true"))
            {
                _pos += 4;
                return new TomlBoolean(true);
            }

            if (IsAt("false"))
            {
                _pos += 5;
                return new TomlBoolean(false);
            }

            throw Error($"invalid value starting with {Describe(_pos)} (booleans are lowercase 'true' and 'false'; strings need quotes)");
        }

        private TomlArray ParseArray()
        {
            var array = new TomlArray { HasLayout = true };
            _pos++;
            while (true)
            {
                var leading = ReadArrayTrivia();
                if (Current == ']')
                {
                    array.Tail = leading;
                    _pos++;
                    AssignLineEnds(array);
                    return array;
                }

                if (Current == ',')
                {
                    throw Error(array.Count == 0 ? "expected a value or ']' in the array, found ','" : "expected a value between commas in the array");
                }

                if (AtEnd)
                {
                    throw Error("unterminated array: expected a value or ']' before the end of the file");
                }

                var value = ParseValue();
                var trailing = ReadArrayTrivia();
                array.AddParsed(value, leading, trailing);
                if (Current == ',')
                {
                    _pos++;
                    array.HasTrailingComma = true;
                    continue;
                }

                if (Current == ']')
                {
                    // Without a trailing comma, whitespace before ']' belongs to the array, not to the last element,
                    // so elements appended later go before it.
                    var slot = array.Slots[array.Slots.Count - 1];
                    var keepWithElement = slot.Trailing!.IndexOf('#') >= 0;
                    array.HasTrailingComma = false;
                    array.Tail = keepWithElement ? string.Empty : slot.Trailing;
                    slot.Trailing = keepWithElement ? slot.Trailing : string.Empty;
                    _pos++;
                    AssignLineEnds(array);
                    return array;
                }

                throw Error(AtEnd
                    ? "unterminated array: expected ',' or ']' before the end of the file"
                    : $"expected ',' or ']' after an array element, found {Describe(_pos)}");
            }
        }

        /// <summary>
        /// In a multi-line array, the rest of the line after '[' or after an element's comma (comment, line break)
        /// belongs to that line, not to the next element, so adding or removing elements keeps comments in place.
        /// </summary>
        private static void AssignLineEnds(TomlArray array)
        {
            var slots = array.Slots;
            for (var i = 0; i < slots.Count; i++)
            {
                var leading = slots[i].Leading!;
                var lineBreak = leading.IndexOf('\n');
                if (lineBreak < 0)
                {
                    continue;
                }

                var lineEnd = leading.Substring(0, lineBreak + 1);
                if (i == 0)
                {
                    array.Head = lineEnd;
                }
                else
                {
                    slots[i - 1].AfterComma = lineEnd;
                }

                slots[i].Leading = leading.Substring(lineBreak + 1);
            }

            var tail = array.Tail!;
            var tailBreak = tail.IndexOf('\n');
            if (array.HasTrailingComma && slots.Count > 0 && tailBreak >= 0)
            {
                slots[slots.Count - 1].AfterComma = tail.Substring(0, tailBreak + 1);
                array.Tail = tail.Substring(tailBreak + 1);
            }
        }

        /// <summary>Whitespace, comments and line breaks inside an array.</summary>
        private string ReadArrayTrivia()
        {
            var start = _pos;
            while (true)
            {
                SkipWhitespace();
                if (Current == '#')
                {
                    SkipComment();
                }

                if (Current == '\n' || Current == '\r')
                {
                    ReadLineEnd("a comment");
                    continue;
                }

                return _text.Substring(start, _pos - start);
            }
        }

        private TomlTable ParseInlineTable()
        {
            var table = new TomlTable(TableOrigin.Dotted) { InlineEntries = new List<KeyValueSyntax>() };
            _pos++;
            var leadingStart = _pos;
            SkipWhitespace();
            if (Current == '}')
            {
                table.InlineTail = _text.Substring(leadingStart, _pos - leadingStart);
                _pos++;
                Seal(table);
                return table;
            }

            while (true)
            {
                CheckInsideInlineTable();
                var leading = _text.Substring(leadingStart, _pos - leadingStart);
                if (Current == '}' || Current == ',')
                {
                    throw Error(Current == '}'
                        ? "trailing comma in an inline table is not allowed"
                        : "expected a key in the inline table, found ','");
                }

                var entry = ParseKeyValue(table);
                var trailingStart = _pos;
                SkipWhitespace();
                CheckInsideInlineTable();
                var trailing = _text.Substring(trailingStart, _pos - trailingStart);

                // The space before '}' belongs to the table, so entries added later go before it.
                var closes = Current == '}';
                table.InlineEntries.Add(new KeyValueSyntax(
                    table, entry.Chain, entry.Key.Parts, entry.Key.Spans(entry.Key.PartStarts[0]), leading, entry.Key.Text, entry.Between, closes ? string.Empty : trailing));
                if (closes)
                {
                    table.InlineTail = trailing;
                    _pos++;
                    Seal(table);
                    return table;
                }

                if (Current != ',')
                {
                    throw Error($"expected ',' or '}}' after an inline table entry, found {Describe(_pos)}");
                }

                _pos++;
                leadingStart = _pos;
                SkipWhitespace();
            }
        }

        private void CheckInsideInlineTable()
        {
            if (AtEnd)
            {
                throw Error("unterminated inline table: expected '}' before the end of the file");
            }

            if (Current == '\n' || Current == '\r')
            {
                throw Error("line breaks are not allowed inside an inline table (TOML 1.0)");
            }

            if (Current == '#')
            {
                throw Error("comments are not allowed inside an inline table");
            }
        }

        /// <summary>Closes an inline table and every table inside it against later extension.</summary>
        private static void Seal(TomlValue value)
        {
            if (value is TomlTable table)
            {
                table.Origin = TableOrigin.Inline;
                foreach (var entry in table)
                {
                    Seal(entry.Value);
                }
            }
            else if (value is TomlArray array)
            {
                foreach (var element in array)
                {
                    Seal(element);
                }
            }
        }

        // ---------------------------------------------------------------- strings

        private string ParseBasicString()
        {
            _pos++;
            var builder = new StringBuilder();
            while (true)
            {
                if (AtEnd || Current == '\n' || Current == '\r')
                {
                    throw Error("unterminated string: expected '\"' before the end of the line");
                }

                var c = Current;
                if (c == '"')
                {
                    _pos++;
                    return builder.ToString();
                }

                if (c == '\\')
                {
                    ParseEscape(builder);
                    continue;
                }

                CheckStringChar("a basic string");
                AppendChar(builder);
            }
        }

        private string ParseMultilineBasicString()
        {
            _pos += 3;
            SkipNewlineAfterOpening();
            var builder = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("unterminated multi-line string: expected '\"\"\"' before the end of the file");
                }

                var c = Current;
                if (c == '"' && IsAt("\"\"\""))
                {
                    if (CloseMultiline('"', builder))
                    {
                        return builder.ToString();
                    }

                    continue;
                }

                if (c == '\\')
                {
                    if (TrySkipLineEndingBackslash())
                    {
                        continue;
                    }

                    ParseEscape(builder);
                    continue;
                }

                if (c == '\n' || c == '\r')
                {
                    AppendNewline(builder);
                    continue;
                }

                CheckStringChar("a multi-line basic string");
                AppendChar(builder);
            }
        }

        private string ParseLiteralString()
        {
            _pos++;
            var start = _pos;
            while (true)
            {
                if (AtEnd || Current == '\n' || Current == '\r')
                {
                    throw Error("unterminated literal string: expected \"'\" before the end of the line");
                }

                if (Current == '\'')
                {
                    var value = _text.Substring(start, _pos - start);
                    _pos++;
                    return value;
                }

                CheckStringChar("a literal string");
                _pos += char.IsHighSurrogate(Current) ? 2 : 1;
            }
        }

        private string ParseMultilineLiteralString()
        {
            _pos += 3;
            SkipNewlineAfterOpening();
            var builder = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw Error("unterminated multi-line literal string: expected \"'''\" before the end of the file");
                }

                var c = Current;
                if (c == '\'' && IsAt("'''"))
                {
                    if (CloseMultiline('\'', builder))
                    {
                        return builder.ToString();
                    }

                    continue;
                }

                if (c == '\n' || c == '\r')
                {
                    AppendNewline(builder);
                    continue;
                }

                CheckStringChar("a multi-line literal string");
                AppendChar(builder);
            }
        }

        private void SkipNewlineAfterOpening()
        {
            if (Current == '\n')
            {
                _pos++;
            }
            else if (IsAt("\r\n"))
            {
                _pos += 2;
            }
        }

        /// <summary>At three or more quotes: up to two extra quotes belong to the content; six or more is an error.</summary>
        private bool CloseMultiline(char quote, StringBuilder builder)
        {
            var run = 0;
            while (_pos + run < _text.Length && _text[_pos + run] == quote)
            {
                run++;
            }

            if (run > 5)
            {
                throw ErrorAt(_pos + 5, $"too many quotes: a multi-line string may end with at most five {quote} characters in a row");
            }

            builder.Append(quote, run - 3);
            _pos += run;
            return true;
        }

        private void AppendNewline(StringBuilder builder)
        {
            if (Current == '\n')
            {
                builder.Append('\n');
                _pos++;
                return;
            }

            if (IsAt("\r\n"))
            {
                builder.Append("\r\n");
                _pos += 2;
                return;
            }

            throw Error("a carriage return must be followed by a line feed");
        }

        /// <summary>A backslash followed only by whitespace up to the line end trims through the following whitespace and line breaks.</summary>
        private bool TrySkipLineEndingBackslash()
        {
            var probe = _pos + 1;
            while (probe < _text.Length && (_text[probe] == ' ' || _text[probe] == '\t'))
            {
                probe++;
            }

            if (probe >= _text.Length || (_text[probe] != '\n' && !(_text[probe] == '\r' && probe + 1 < _text.Length && _text[probe + 1] == '\n')))
            {
                return false;
            }

            _pos = probe;
            while (!AtEnd)
            {
                var c = Current;
                if (c == ' ' || c == '\t' || c == '\n')
                {
                    _pos++;
                }
                else if (IsAt("\r\n"))
                {
                    _pos += 2;
                }
                else
                {
                    break;
                }
            }

            return true;
        }

        private void ParseEscape(StringBuilder builder)
        {
            var start = _pos;
            _pos++;
            if (AtEnd)
            {
                throw ErrorAt(start, "unterminated escape sequence at the end of the file");
            }

            var c = Current;
            _pos++;
            switch (c)
            {
                case 'b': builder.Append('\b'); return;
                case 't': builder.Append('\t'); return;
                case 'n': builder.Append('\n'); return;
                case 'f': builder.Append('\f'); return;
                case 'r': builder.Append('\r'); return;
                case '"': builder.Append('"'); return;
                case '\\': builder.Append('\\'); return;
                case 'u': AppendUnicodeEscape(builder, start, 4); return;
                case 'U': AppendUnicodeEscape(builder, start, 8); return;
                default:
                    throw ErrorAt(start, $"invalid escape sequence '\\{(c < ' ' || c == '\x7F' ? Describe(_pos - 1) : c.ToString())}' (TOML 1.0 allows \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)");
            }
        }

        private void AppendUnicodeEscape(StringBuilder builder, int start, int digits)
        {
            var code = 0L;
            for (var i = 0; i < digits; i++)
            {
                var d = _pos < _text.Length ? HexValue(_text[_pos]) : -1;
                if (d < 0)
                {
                    throw ErrorAt(start, $"invalid escape: '\\{(digits == 4 ? 'u' : 'U')}' needs exactly {digits} hexadecimal digits");
                }

                code = (code * 16) + d;
                _pos++;
            }

            if (code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF))
            {
                throw ErrorAt(start, $"invalid escape: U+{code:X} is not a Unicode scalar value");
            }

            builder.Append(char.ConvertFromUtf32((int)code));
        }

        private static int HexValue(char c) =>
            c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

        /// <summary>Control characters other than tab are not allowed raw in strings; surrogates must pair.</summary>
        private void CheckStringChar(string where)
        {
            var c = Current;
            if ((c < ' ' && c != '\t') || c == '\x7F')
            {
                throw Error($"{Describe(_pos)} is not allowed in {where}; use an escape sequence");
            }

            CheckSurrogate();
        }

        private void CheckSurrogate()
        {
            var c = Current;
            if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
            {
                return;
            }

            if (char.IsSurrogate(c))
            {
                throw Error($"unpaired surrogate U+{(int)c:X4} is not valid Unicode");
            }
        }

        private void AppendChar(StringBuilder builder)
        {
            builder.Append(Current);
            if (char.IsHighSurrogate(Current))
            {
                builder.Append(_text[_pos + 1]);
                _pos++;
            }

            _pos++;
        }

        // ---------------------------------------------------------------- numbers

        private TomlValue ParseNumber()
        {
            var start = _pos;
            if (Current == '+' || Current == '-')
            {
                _pos++;
            }

            while (!AtEnd)
            {
                var c = Current;
                if (char.IsLetterOrDigit(c) || c == '_' || c == '.')
                {
                    _pos++;
                }
                else if ((c == '+' || c == '-') && (_text[_pos - 1] == 'e' || _text[_pos - 1] == 'E'))
                {
                    _pos++;
                }
                else
                {
                    break;
                }
            }

            var token = _text.Substring(start, _pos - start);
            if (token.Length == 0)
            {
                throw ErrorAt(start, $"expected a value, found {Describe(start)}");
            }

            return NumberParser.TryParse(token, out var number, out var problem) ? number : throw ErrorAt(start, problem);
        }

        // ---------------------------------------------------------------- dates and times

        private bool LooksLikeDateTime()
        {
            return IsDigits(_pos, 4) && CharAt(_pos + 4) == '-' || IsDigits(_pos, 2) && CharAt(_pos + 2) == ':';
        }

        private TomlValue ParseDateTime()
        {
            var start = _pos;
            if (CharAt(_pos + 2) == ':')
            {
                var time = ParseTime();
                return TomlDateTime.Create(TomlDateTimeKind.LocalTime, DateTime.MinValue + time, null);
            }

            var year = ReadDigits(4, "year");
            Expect('-', "'-' after the year");
            var month = ReadDigits(2, "month");
            Expect('-', "'-' after the month");
            var day = ReadDigits(2, "day");
            if (month < 1 || month > 12)
            {
                throw ErrorAt(start, $"invalid date: month {month} is not between 1 and 12");
            }

            if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month))
            {
                throw ErrorAt(start, year < 1
                    ? "invalid date: year 0000 is not supported"
                    : $"invalid date: {year:D4}-{month:D2} has no day {day}");
            }

            var date = new DateTime(year, month, day);
            var hasTime = Current == 'T' || Current == 't' || (Current == ' ' && IsDigits(_pos + 1, 2) && CharAt(_pos + 3) == ':');
            if (!hasTime)
            {
                return TomlDateTime.Create(TomlDateTimeKind.LocalDate, date, null);
            }

            _pos++;
            if (!IsDigits(_pos, 2))
            {
                throw Error($"expected a time (HH:MM:SS) after the date, found {Describe(_pos)}");
            }

            var dateTime = date + ParseTime();
            if (Current == 'Z' || Current == 'z')
            {
                _pos++;
                return TomlDateTime.Create(TomlDateTimeKind.OffsetDateTime, dateTime, TimeSpan.Zero);
            }

            if (Current == '+' || Current == '-')
            {
                var negative = Current == '-';
                _pos++;
                var hours = ReadDigits(2, "offset hours");
                Expect(':', "':' in the UTC offset");
                var minutes = ReadDigits(2, "offset minutes");
                if (hours > 23 || minutes > 59)
                {
                    throw ErrorAt(_pos - 5, $"invalid UTC offset {hours:D2}:{minutes:D2}");
                }

                var offset = new TimeSpan(hours, minutes, 0);
                return TomlDateTime.Create(TomlDateTimeKind.OffsetDateTime, dateTime, negative ? -offset : offset);
            }

            return TomlDateTime.Create(TomlDateTimeKind.LocalDateTime, dateTime, null);
        }

        private TimeSpan ParseTime()
        {
            var start = _pos;
            var hour = ReadDigits(2, "hour");
            Expect(':', "':' after the hour");
            var minute = ReadDigits(2, "minute");
            Expect(':', "':' and seconds after the minute (seconds are required in TOML 1.0)");
            var second = ReadDigits(2, "second");
            if (hour > 23 || minute > 59 || second > 59)
            {
                throw ErrorAt(start, second == 60 && hour <= 23 && minute <= 59
                    ? "leap seconds (second 60) are not supported"
                    : $"invalid time {hour:D2}:{minute:D2}:{second:D2}");
            }

            long ticks = 0;
            if (Current == '.')
            {
                _pos++;
                if (!IsDigits(_pos, 1))
                {
                    throw Error("expected digits after the decimal point of the seconds");
                }

                // Digits beyond 100 ns precision are truncated, as the spec permits.
                var scale = TimeSpan.TicksPerSecond / 10;
                while (IsDigits(_pos, 1))
                {
                    ticks += (Current - '0') * scale;
                    scale /= 10;
                    _pos++;
                }
            }

            return new TimeSpan(0, hour, minute, second) + TimeSpan.FromTicks(ticks);
        }

        private int ReadDigits(int count, string what)
        {
            if (!IsDigits(_pos, count))
            {
                throw Error($"expected {count} digits for the {what}, found {Describe(_pos)}");
            }

            var value = int.Parse(_text.Substring(_pos, count), NumberStyles.None, CultureInfo.InvariantCulture);
            _pos += count;
            return value;
        }

        private void Expect(char c, string what)
        {
            if (Current != c)
            {
                throw Error($"expected {what}, found {Describe(_pos)}");
            }

            _pos++;
        }

        private bool IsDigits(int at, int count)
        {
            for (var i = 0; i < count; i++)
            {
                var c = CharAt(at + i);
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        // ---------------------------------------------------------------- lexical helpers

        private char CharAt(int at) => at < _text.Length ? _text[at] : '\0';

        private bool IsAt(string s) => _pos + s.Length <= _text.Length && string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

        private void SkipWhitespace()
        {
            while (!AtEnd && (Current == ' ' || Current == '\t'))
            {
                _pos++;
            }
        }

        private void SkipComment()
        {
            if (Current != '#')
            {
                return;
            }

            _pos++;
            while (!AtEnd && Current != '\n')
            {
                var c = Current;
                if (c == '\r' && CharAt(_pos + 1) == '\n')
                {
                    return;
                }

                if ((c < ' ' && c != '\t') || c == '\x7F')
                {
                    throw Error($"{Describe(_pos)} is not allowed in a comment");
                }

                CheckSurrogate();
                _pos += char.IsHighSurrogate(c) ? 2 : 1;
            }
        }

        private string Describe(int at)
        {
            if (at >= _text.Length)
            {
                return "the end of the file";
            }

            var c = _text[at];
            switch (c)
            {
                case '\n':
                    return "a line break";
                case '\r':
                    return "a carriage return (U+000D)";
                case '\t':
                    return "a tab";
            }

            if (char.IsHighSurrogate(c) && at + 1 < _text.Length && char.IsLowSurrogate(_text[at + 1]))
            {
                return $"'{_text.Substring(at, 2)}'";
            }

            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (c < ' ' || c == '\x7F')
            {
                return $"control character U+{(int)c:X4}";
            }

            return char.IsSurrogate(c) || category == UnicodeCategory.Format || category == UnicodeCategory.SpaceSeparator ||
                category == UnicodeCategory.Control || category == UnicodeCategory.LineSeparator || category == UnicodeCategory.ParagraphSeparator
                ? $"U+{(int)c:X4}"
                : $"'{c}'";
        }

        private static string Article(TomlValue value) =>
            (value.Kind == TomlValueKind.Integer || value.Kind == TomlValueKind.Array ? "an " : "a ") + value.KindName;

        private TomlPosition PositionAt(int offset)
        {
            var index = _lineStarts.BinarySearch(offset);
            var line = index >= 0 ? index : ~index - 1;
            return new TomlPosition(_sourcePath, line + 1, offset - _lineStarts[line] + 1);
        }

        private TomlException Error(string reason) => ErrorAt(_pos, reason);

        private TomlException ErrorAt(int offset, string reason) => new TomlException(reason, PositionAt(Math.Min(offset, _text.Length)));

        private sealed class ParsedKey
        {
            public ParsedKey(List<string> parts, List<int> partStarts, List<int> partEnds, string text)
            {
                Parts = parts;
                PartStarts = partStarts;
                PartEnds = partEnds;
                Text = text;
            }

            public List<int> PartEnds { get; }

            /// <summary>Each part's place relative to <paramref name="origin"/> (an offset in the text).</summary>
            public TextSpan[] Spans(int origin)
            {
                var spans = new TextSpan[Parts.Count];
                for (var i = 0; i < spans.Length; i++)
                {
                    spans[i] = new TextSpan(PartStarts[i] - origin, PartEnds[i] - PartStarts[i]);
                }

                return spans;
            }

            public List<string> Parts { get; }

            public List<int> PartStarts { get; }

            /// <summary>The key exactly as written.</summary>
            public string Text { get; }

            /// <summary>The key normalised for messages.</summary>
            public string Display => DisplayPrefix(Parts.Count);

            public string DisplayPrefix(int count)
            {
                var parts = new string[count];
                for (var i = 0; i < count; i++)
                {
                    parts[i] = TomlWriter.FormatKey(Parts[i]);
                }

                return string.Join(".", parts);
            }
        }

        private readonly struct ParsedEntry
        {
            public ParsedEntry(ParsedKey key, string between, List<TomlTable> chain)
            {
                Key = key;
                Between = between;
                Chain = chain;
            }

            public ParsedKey Key { get; }

            public string Between { get; }

            public List<TomlTable> Chain { get; }
        }
    }
}
