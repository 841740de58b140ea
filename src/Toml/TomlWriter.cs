using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace WitSharp.Toml
{
    /// <summary>Writes documents (reproducing parsed text around edits) and formats new values.</summary>
    internal static class TomlWriter
    {
        // In progress: the API is committed first so the plugin host can code against it.
        public static void WriteDocument(TomlDocument document, TextWriter writer) =>
            throw new NotImplementedException("the TOML writer is being written");

        public static string FormatValue(TomlValue value) =>
            throw new NotImplementedException("the TOML writer is being written");

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
