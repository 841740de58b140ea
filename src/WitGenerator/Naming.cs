using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace WitSharp.WitGenerator
{
    /// <summary>WIT kebab-case names to C# identifiers, and XML doc text.</summary>
    internal static class Naming
    {
        private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
            "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
            "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
            "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
            "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
            "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
            "using", "virtual", "void", "volatile", "while",
        };

        /// <summary>Members every class or record already has; generated members never take these names.</summary>
        public static readonly string[] ObjectMembers =
        {
            "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", "EqualityContract", "PrintMembers", "Deconstruct",
        };

        /// <summary><c>file-metadata</c> becomes <c>FileMetadata</c>; an all-uppercase word (<c>HTTP</c>) becomes <c>Http</c>.</summary>
        public static string Pascal(string kebab)
        {
            var builder = new StringBuilder(kebab.Length);
            foreach (var word in kebab.Split(new[] { '-' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var rest = word.Substring(1);
                if (word.All(c => !char.IsLower(c)))
                {
                    rest = rest.ToLowerInvariant();
                }

                builder.Append(char.ToUpperInvariant(word[0])).Append(rest);
            }

            return builder.ToString();
        }

        /// <summary><c>debounce-ms</c> becomes <c>debounceMs</c>; C# keywords get an <c>@</c>.</summary>
        public static string Camel(string kebab)
        {
            var pascal = Pascal(kebab);
            var camel = char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
            return Keywords.Contains(camel) ? "@" + camel : camel;
        }

        /// <summary>A C# string literal.</summary>
        public static string Literal(string? value) =>
            value == null ? "null" : "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        /// <summary>Escapes text for XML doc comments.</summary>
        public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

        /// <summary>Doc text as XML-escaped lines (WIT docs, or the fallback when there are none).</summary>
        public static IEnumerable<string> DocLines(string? docs, string fallback)
        {
            if (string.IsNullOrWhiteSpace(docs))
            {
                return new[] { fallback };
            }

            return docs!.Replace("\r\n", "\n").Trim('\n').Split('\n').Select(line => Xml(line.TrimEnd()));
        }

        /// <summary>Invariant integer text.</summary>
        public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Hands out unique names in one C# scope: a taken name gets the fallback prefix, then a number (2, 3, ...).</summary>
    internal sealed class NameScope
    {
        private readonly HashSet<string> taken = new HashSet<string>(StringComparer.Ordinal);

        public NameScope(IEnumerable<string> reserved)
        {
            foreach (var name in reserved)
            {
                taken.Add(name);
            }
        }

        public string Claim(string preferred, string? prefixOnCollision = null, string? suffixOnCollision = null)
        {
            var candidate = preferred;
            if (taken.Contains(candidate) && prefixOnCollision != null)
            {
                candidate = prefixOnCollision + preferred;
            }

            if (taken.Contains(candidate) && suffixOnCollision != null)
            {
                candidate = preferred + suffixOnCollision;
            }

            var baseName = candidate;
            for (var number = 2; taken.Contains(candidate); number++)
            {
                candidate = baseName + Naming.Int(number);
            }

            taken.Add(candidate);
            return candidate;
        }
    }

    /// <summary>An indenting source writer.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder builder = new StringBuilder();
        private int indent;

        public void Line(string text = "")
        {
            if (text.Length > 0)
            {
                builder.Append(' ', indent * 4);
            }

            builder.Append(text).Append('\n');
        }

        /// <summary>Writes text of several lines, each at the current indentation.</summary>
        public void Lines(string text)
        {
            foreach (var line in text.Split('\n'))
            {
                Line(line);
            }
        }

        public void Open()
        {
            Line("{");
            indent++;
        }

        public void Close(string suffix = "")
        {
            indent--;
            Line("}" + suffix);
        }

        public void Doc(string? docs, string fallback)
        {
            var lines = Naming.DocLines(docs, fallback).ToList();
            if (lines.Count == 1)
            {
                Line("/// <summary>" + lines[0] + "</summary>");
                return;
            }

            Line("/// <summary>");
            foreach (var line in lines)
            {
                Line("/// " + line);
            }

            Line("/// </summary>");
        }

        public override string ToString() => builder.ToString();
    }
}
