using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace WitSharp.Toml
{
    /// <summary>Writes documents (reproducing parsed text around edits) and formats new values.</summary>
    internal static class TomlWriter
    {
        public static void WriteDocument(TomlDocument document, TextWriter writer) =>
            new DocumentWriter(document, writer).Write();

        /// <summary>A value as inline TOML: its source text while untouched, else freshly formatted.</summary>
        public static string FormatValue(TomlValue value)
        {
            var builder = new StringBuilder();
            WriteValue(value, builder);
            return builder.ToString();
        }

        public static void WriteValue(TomlValue value, StringBuilder output)
        {
            if (value.SourceText is string source)
            {
                output.Append(source);
                return;
            }

            switch (value)
            {
                case TomlString s:
                    output.Append(FormatBasicString(s.Value));
                    break;
                case TomlInteger i:
                    output.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                    break;
                case TomlFloat f:
                    output.Append(FormatFloat(f.Value));
                    break;
                case TomlBoolean b:
                    output.Append(b.Value ? "true" : "false");
                    break;
                case TomlDateTime d:
                    output.Append(FormatDateTime(d));
                    break;
                case TomlArray a:
                    WriteArray(a, output);
                    break;
                case TomlTable t:
                    WriteInlineTable(t, output);
                    break;
            }
        }

        public static string FormatFloat(double value)
        {
            if (double.IsNaN(value))
            {
                return "nan";
            }

            if (double.IsInfinity(value))
            {
                return value > 0 ? "inf" : "-inf";
            }

            var text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
        }

        public static string FormatDateTime(TomlDateTime value)
        {
            var d = value.DateTime;
            var time = d.ToString("HH':'mm':'ss", CultureInfo.InvariantCulture);
            var fraction = d.Ticks % TimeSpan.TicksPerSecond;
            if (fraction != 0)
            {
                time += "." + fraction.ToString("D7", CultureInfo.InvariantCulture).TrimEnd('0');
            }

            var date = d.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture);
            switch (value.DateTimeKind)
            {
                case TomlDateTimeKind.LocalDate:
                    return date;
                case TomlDateTimeKind.LocalTime:
                    return time;
                case TomlDateTimeKind.LocalDateTime:
                    return date + "T" + time;
                default:
                    var offset = value.Offset ?? TimeSpan.Zero;
                    if (offset == TimeSpan.Zero)
                    {
                        return date + "T" + time + "Z";
                    }

                    var sign = offset < TimeSpan.Zero ? "-" : "+";
                    var magnitude = offset.Duration();
                    return date + "T" + time + sign + magnitude.Hours.ToString("D2", CultureInfo.InvariantCulture) + ":" +
                        magnitude.Minutes.ToString("D2", CultureInfo.InvariantCulture);
            }
        }

        private static void WriteArray(TomlArray array, StringBuilder output)
        {
            output.Append('[');
            if (!array.HasLayout)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        output.Append(", ");
                    }

                    WriteValue(array[i], output);
                }

                output.Append(']');
                return;
            }

            var slots = array.Slots;
            var multiLine = array.Head is not null || slots.Exists(slot => slot.AfterComma is not null);
            var lineBreak = LineBreakOf(array);
            var indent = multiLine ? Indentation(array) : " ";
            output.Append(array.Head);
            for (var i = 0; i < slots.Count; i++)
            {
                var slot = slots[i];
                var isNew = slot.Leading is null;
                if (i > 0)
                {
                    var previous = slots[i - 1];
                    output.Append(',');
                    if (previous.AfterComma is not null)
                    {
                        output.Append(previous.AfterComma);
                    }
                    else if (multiLine && (isNew || previous.Leading is null))
                    {
                        output.Append(lineBreak);
                    }
                }

                var leading = slot.Leading ?? (i == 0 && !multiLine ? string.Empty : indent);

                // The original first element has no space before it; it needs one once an element precedes it.
                output.Append(!multiLine && i > 0 && leading.Length == 0 && slots[i - 1].Leading is null ? " " : leading);
                WriteValue(slot.Value, output);
                output.Append(slot.Trailing ?? string.Empty);
            }

            if (slots.Count > 0)
            {
                var last = slots[slots.Count - 1];
                if (array.HasTrailingComma)
                {
                    output.Append(',').Append(last.AfterComma ?? (multiLine && last.Leading is null ? lineBreak : string.Empty));
                }
            }

            output.Append(array.Tail ?? string.Empty).Append(']');
        }

        /// <summary>Indentation of elements on their own lines, for elements added to a multi-line array.</summary>
        private static string Indentation(TomlArray array)
        {
            foreach (var slot in array.Slots)
            {
                if (slot.Leading is string leading)
                {
                    var lineStart = leading.LastIndexOf('\n') + 1;
                    return leading.Substring(lineStart);
                }
            }

            return "  ";
        }

        private static string LineBreakOf(TomlArray array)
        {
            var sample = array.Head ?? array.Slots.Find(slot => slot.AfterComma is not null)?.AfterComma ?? "\n";
            return sample.EndsWith("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        }

        private static void WriteInlineTable(TomlTable table, StringBuilder output)
        {
            output.Append('{');
            var wroteAny = false;
            var emitted = new EmittedKeys();
            foreach (var entry in table.InlineEntries ?? new List<KeyValueSyntax>())
            {
                var names = ResolveKeyPath(entry);
                if (names is null)
                {
                    continue;
                }

                if (wroteAny)
                {
                    output.Append(',');
                }

                var key = names[names.Length - 1];
                output.Append(entry.Leading).Append(RewriteKey(entry.KeyText, entry.KeySpans, entry.KeyPath, names)).Append(entry.Between);
                WriteValue(entry.Owner[key], output);
                output.Append(entry.Trailing);
                emitted.Add(entry, key);
                wroteAny = true;
            }

            WriteMissingInlineEntries(table, string.Empty, emitted, output, ref wroteAny);
            output.Append(table.InlineEntries is null ? (wroteAny ? " " : string.Empty) : table.InlineTail).Append('}');
        }

        private static void WriteMissingInlineEntries(TomlTable table, string prefix, EmittedKeys emitted, StringBuilder output, ref bool wroteAny)
        {
            foreach (var entry in table)
            {
                if (emitted.Contains(table, entry.Key))
                {
                    continue;
                }

                var key = prefix + FormatKey(entry.Key);
                if (entry.Value is TomlTable sub && emitted.Touches(sub))
                {
                    WriteMissingInlineEntries(sub, key + ".", emitted, output, ref wroteAny);
                    continue;
                }

                output.Append(wroteAny ? ", " : " ").Append(key).Append(" = ");
                WriteValue(entry.Value, output);
                wroteAny = true;
            }
        }

        /// <summary>
        /// The current names of a statement's key parts (following renames), or null when the statement no longer
        /// applies: a table its dotted key walks through was replaced or removed, or its key was removed.
        /// </summary>
        internal static string[]? ResolveKeyPath(KeyValueSyntax entry)
        {
            var names = new string[entry.KeyPath.Count];
            for (var i = 0; i < names.Length; i++)
            {
                var expected = i + 1 < entry.Chain.Count ? entry.Chain[i + 1] : null;
                var name = entry.Chain[i].CurrentName(entry.KeyPath[i], expected);
                if (name is null)
                {
                    return null;
                }

                names[i] = name;
            }

            return names;
        }

        /// <summary>Source key text with renamed parts replaced (unchanged text when nothing was renamed).</summary>
        internal static string RewriteKey(string text, IReadOnlyList<TextSpan> spans, IReadOnlyList<string> sourceNames, IReadOnlyList<string> currentNames)
        {
            var builder = (StringBuilder?)null;
            var copied = 0;
            for (var i = 0; i < spans.Count; i++)
            {
                if (sourceNames[i] == currentNames[i])
                {
                    continue;
                }

                builder ??= new StringBuilder(text.Length + 8);
                builder.Append(text, copied, spans[i].Start - copied).Append(FormatKey(currentNames[i]));
                copied = spans[i].Start + spans[i].Length;
            }

            return builder is null ? text : builder.Append(text, copied, text.Length - copied).ToString();
        }

        /// <summary>The dotted path of a table from the root ("" for the root), for messages.</summary>
        public static string FormatPath(TomlTable table)
        {
            var parts = new List<string>();
            for (TomlValue? node = table; node?.Parent is not null; node = node.Parent)
            {
                if (node.KeyInParent is string key)
                {
                    parts.Add(FormatKey(key));
                }
            }

            parts.Reverse();
            return string.Join(".", parts);
        }

        /// <summary>A key as TOML: bare when possible, else a basic string.</summary>
        public static string FormatKey(string key)
        {
            if (key.Length > 0 && IsBareKey(key))
            {
                return key;
            }

            return FormatBasicString(key);
        }

        public static string FormatBasicString(string value)
        {
            var builder = new StringBuilder(value.Length + 2).Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\b': builder.Append("\\b"); break;
                    case '\t': builder.Append("\\t"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\f': builder.Append("\\f"); break;
                    case '\r': builder.Append("\\r"); break;
                    default:
                        if (c < 0x20 || c == 0x7F)
                        {
                            builder.Append("\\u").Append(((int)c).ToString("X4"));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            return builder.Append('"').ToString();
        }

        private static bool IsBareKey(string key)
        {
            foreach (var c in key)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
