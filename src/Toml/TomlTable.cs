using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace WitSharp.Toml
{
    /// <summary>
    /// A TOML table: keys in insertion (source) order mapped to values. The document root, <c>[name]</c> sections,
    /// tables made by dotted keys, inline <c>{ ... }</c> tables and the elements of arrays of tables are all
    /// <see cref="TomlTable"/>s. The typed getters throw <see cref="TomlException"/> with the offending value's
    /// position (or this table's, for a missing key), so callers can report schema errors with line and column.
    /// </summary>
    public sealed class TomlTable : TomlValue, IEnumerable<KeyValuePair<string, TomlValue>>
    {
        private readonly List<string> _keys = new List<string>();
        private readonly Dictionary<string, TomlValue> _values = new Dictionary<string, TomlValue>(StringComparer.Ordinal);
        private Dictionary<string, TomlPosition>? _keyPositions;
        private Dictionary<string, string>? _sourceNames;

        /// <summary>Creates an empty table; set <see cref="IsInline"/> to have the writer emit it as <c>{ ... }</c>.</summary>
        public TomlTable()
        {
        }

        internal TomlTable(TableOrigin origin) => Origin = origin;

        /// <inheritdoc />
        public override TomlValueKind Kind => TomlValueKind.Table;

        /// <summary>
        /// True for an inline table (<c>key = { ... }</c>). For tables parsed from text this reflects the source.
        /// Setting it changes how the writer formats the table: a <c>[section]</c> made inline is rewritten as a value.
        /// </summary>
        public bool IsInline
        {
            get => Origin == TableOrigin.Inline;
            set => Origin = value ? TableOrigin.Inline : TableOrigin.Header;
        }

        /// <summary>The number of keys.</summary>
        public int Count => _keys.Count;

        /// <summary>The keys in order.</summary>
        public IReadOnlyList<string> Keys => _keys;

        /// <summary>Gets the value of <paramref name="key"/>, or adds or replaces it.</summary>
        /// <exception cref="KeyNotFoundException">Getting a key the table does not have.</exception>
        public TomlValue this[string key]
        {
            get => _values.TryGetValue(key, out var value)
                ? value
                : throw new KeyNotFoundException($"the table has no key '{key}'");
            set => Set(key, value);
        }

        /// <summary>How the table came to exist in parsed text (drives the TOML 1.0 redefinition rules and the writer).</summary>
        internal TableOrigin Origin { get; set; } = TableOrigin.Header;

        /// <summary>For a parsed inline table: its entries with their source text, in order.</summary>
        internal List<KeyValueSyntax>? InlineEntries { get; set; }

        /// <summary>For a parsed inline table: the text between the last entry (or '{') and '}'.</summary>
        internal string? InlineTail { get; set; }

        /// <summary>Looks up <paramref name="key"/>.</summary>
        public bool TryGetValue(string key, [NotNullWhen(true)] out TomlValue? value) => _values.TryGetValue(key, out value);

        /// <summary>
        /// Where <paramref name="key"/> is written in the parsed text (for a dotted key or header, the part naming this
        /// table's key), e.g. to report an unknown key; null for keys added in code or not present.
        /// </summary>
        public TomlPosition? GetKeyPosition(string key) =>
            _keyPositions is not null && _keyPositions.TryGetValue(key, out var position) ? position : null;

        /// <summary>Whether <paramref name="key"/> is present.</summary>
        public bool ContainsKey(string key) => _values.ContainsKey(key);

        /// <summary>Adds a new key.</summary>
        /// <exception cref="ArgumentException">The key is already present.</exception>
        public void Add(string key, TomlValue value)
        {
            if (_values.ContainsKey(key))
            {
                throw new ArgumentException($"the table already has a key '{key}'", nameof(key));
            }

            Set(key, value);
        }

        /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>, keeping the key's place if it exists.</summary>
        /// <exception cref="InvalidOperationException"><paramref name="value"/> is a table or array that already belongs elsewhere.</exception>
        public void Set(string key, TomlValue value)
        {
            if (key is null)
            {
                throw new ArgumentNullException(nameof(key));
            }

            if (_values.TryGetValue(key, out var old) && ReferenceEquals(old, value))
            {
                return;
            }

            Attach(this, key, value);
            if (old is not null)
            {
                Detach(old);
            }
            else
            {
                _keys.Add(key);
            }

            _values[key] = value;
        }

        /// <summary>
        /// Renames a key in place: the value, its position in the key order and, in a parsed document, its line (or
        /// section header) with comments stay; only the key's text is rewritten. Useful for schema migrations.
        /// </summary>
        /// <exception cref="KeyNotFoundException"><paramref name="oldKey"/> is not present.</exception>
        /// <exception cref="ArgumentException"><paramref name="newKey"/> is already present.</exception>
        public void RenameKey(string oldKey, string newKey)
        {
            if (!_values.TryGetValue(oldKey, out var value))
            {
                throw new KeyNotFoundException($"the table has no key '{oldKey}'");
            }

            if (oldKey == newKey)
            {
                return;
            }

            if (_values.ContainsKey(newKey ?? throw new ArgumentNullException(nameof(newKey))))
            {
                throw new ArgumentException($"the table already has a key '{newKey}'", nameof(newKey));
            }

            _keys[_keys.IndexOf(oldKey)] = newKey;
            _values.Remove(oldKey);
            _values.Add(newKey, value);
            if (value.Parent is not null)
            {
                value.KeyInParent = newKey;
            }

            if (_keyPositions is not null && _keyPositions.TryGetValue(oldKey, out var position))
            {
                _keyPositions.Remove(oldKey);
                _keyPositions[newKey] = position;
            }

            _sourceNames ??= new Dictionary<string, string>(StringComparer.Ordinal);
            var sourceName = _sourceNames.TryGetValue(oldKey, out var earlier) ? earlier : oldKey;
            _sourceNames.Remove(oldKey);
            _sourceNames[newKey] = sourceName;
        }

        /// <summary>Removes <paramref name="key"/> (and its line, or section, from the written document).</summary>
        public bool Remove(string key)
        {
            if (!_values.TryGetValue(key, out var old))
            {
                return false;
            }

            _values.Remove(key);
            _keys.Remove(key);
            _keyPositions?.Remove(key);
            _sourceNames?.Remove(key);
            Detach(old);
            return true;
        }

        /// <summary>The string at <paramref name="key"/>.</summary>
        /// <exception cref="TomlException">The key is missing or holds another kind of value.</exception>
        public string GetString(string key) => Get<TomlString>(key, TomlValueKind.String).Value;

        /// <summary>The integer at <paramref name="key"/>.</summary>
        /// <exception cref="TomlException">The key is missing or holds another kind of value.</exception>
        public long GetInteger(string key) => Get<TomlInteger>(key, TomlValueKind.Integer).Value;

        /// <summary>The float at <paramref name="key"/>.</summary>
        /// <exception cref="TomlException">The key is missing or holds another kind of value.</exception>
        public double GetFloat(string key) => Get<TomlFloat>(key, TomlValueKind.Float).Value;

        /// <summary>The boolean at <paramref name="key"/>.</summary>
        /// <exception cref="TomlException">The key is missing or holds another kind of value.</exception>
        public bool GetBoolean(string key) => Get<TomlBoolean>(key, TomlValueKind.Boolean).Value;

        /// <summary>The date/time at <paramref name="key"/>.</summary>
        /// <exception cref="TomlException">The key is missing or holds another kind of value.</exception>
        public TomlDateTime GetDateTime(string key) => Get<TomlDateTime>(key, TomlValueKind.DateTime);

        /// <summary>The array at <paramref name="key"/>.</summary>
        /// <exception cref="TomlException">The key is missing or holds another kind of value.</exception>
        public TomlArray GetArray(string key) => Get<TomlArray>(key, TomlValueKind.Array);

        /// <summary>The table at <paramref name="key"/>.</summary>
        /// <exception cref="TomlException">The key is missing or holds another kind of value.</exception>
        public TomlTable GetTable(string key) => Get<TomlTable>(key, TomlValueKind.Table);

        /// <summary>The string at an optional key: false when missing.</summary>
        /// <exception cref="TomlException">The key holds another kind of value.</exception>
        public bool TryGetString(string key, [NotNullWhen(true)] out string? value)
        {
            value = TryGet<TomlString>(key, TomlValueKind.String)?.Value;
            return value is not null;
        }

        /// <summary>The integer at an optional key: false when missing.</summary>
        /// <exception cref="TomlException">The key holds another kind of value.</exception>
        public bool TryGetInteger(string key, out long value)
        {
            var found = TryGet<TomlInteger>(key, TomlValueKind.Integer);
            value = found?.Value ?? 0;
            return found is not null;
        }

        /// <summary>The float at an optional key: false when missing.</summary>
        /// <exception cref="TomlException">The key holds another kind of value.</exception>
        public bool TryGetFloat(string key, out double value)
        {
            var found = TryGet<TomlFloat>(key, TomlValueKind.Float);
            value = found?.Value ?? 0;
            return found is not null;
        }

        /// <summary>The boolean at an optional key: false when missing.</summary>
        /// <exception cref="TomlException">The key holds another kind of value.</exception>
        public bool TryGetBoolean(string key, out bool value)
        {
            var found = TryGet<TomlBoolean>(key, TomlValueKind.Boolean);
            value = found?.Value ?? false;
            return found is not null;
        }

        /// <summary>The date/time at an optional key: false when missing.</summary>
        /// <exception cref="TomlException">The key holds another kind of value.</exception>
        public bool TryGetDateTime(string key, [NotNullWhen(true)] out TomlDateTime? value)
        {
            value = TryGet<TomlDateTime>(key, TomlValueKind.DateTime);
            return value is not null;
        }

        /// <summary>The array at an optional key: false when missing.</summary>
        /// <exception cref="TomlException">The key holds another kind of value.</exception>
        public bool TryGetArray(string key, [NotNullWhen(true)] out TomlArray? value)
        {
            value = TryGet<TomlArray>(key, TomlValueKind.Array);
            return value is not null;
        }

        /// <summary>The table at an optional key: false when missing.</summary>
        /// <exception cref="TomlException">The key holds another kind of value.</exception>
        public bool TryGetTable(string key, [NotNullWhen(true)] out TomlTable? value)
        {
            value = TryGet<TomlTable>(key, TomlValueKind.Table);
            return value is not null;
        }

        /// <inheritdoc />
        public IEnumerator<KeyValuePair<string, TomlValue>> GetEnumerator()
        {
            foreach (var key in _keys)
            {
                yield return new KeyValuePair<string, TomlValue>(key, _values[key]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Makes <paramref name="child"/> belong to <paramref name="parent"/> (containers only: scalars are shareable).</summary>
        internal static void Attach(TomlValue parent, string? key, TomlValue child)
        {
            if (child is null)
            {
                throw new ArgumentNullException(nameof(child));
            }

            if (child is not TomlTable && child is not TomlArray)
            {
                return;
            }

            if (child.Parent is not null)
            {
                throw new InvalidOperationException(
                    $"this {child.KindName} already belongs to another table or array; remove it there first");
            }

            if (ReferenceEquals(child, parent) || IsAncestor(child, parent))
            {
                throw new InvalidOperationException($"a {child.KindName} cannot contain itself");
            }

            child.Parent = parent;
            child.KeyInParent = key;
        }

        internal static void Detach(TomlValue child)
        {
            child.Parent = null;
            child.KeyInParent = null;
        }

        /// <summary>
        /// The key under which the value written in the source as <paramref name="sourceKey"/> now sits (following
        /// renames), or null when it is gone; <paramref name="expected"/>, if given, must be that value.
        /// </summary>
        internal string? CurrentName(string sourceKey, TomlValue? expected)
        {
            if (_values.TryGetValue(sourceKey, out var value) && (expected is null || ReferenceEquals(value, expected)) &&
                (_sourceNames is null || !_sourceNames.ContainsKey(sourceKey)))
            {
                return sourceKey;
            }

            if (_sourceNames is not null)
            {
                foreach (var rename in _sourceNames)
                {
                    if (rename.Value == sourceKey && (expected is null || ReferenceEquals(_values[rename.Key], expected)))
                    {
                        return rename.Key;
                    }
                }
            }

            return null;
        }

        /// <summary>The name a key had in the source text, before any renames.</summary>
        internal string SourceName(string currentKey) =>
            _sourceNames is not null && _sourceNames.TryGetValue(currentKey, out var sourceName) ? sourceName : currentKey;

        /// <summary>Adds a parsed value without the ownership checks (the parser builds a fresh tree).</summary>
        internal void AddParsed(string key, TomlValue value, TomlPosition keyPosition)
        {
            (_keyPositions ??= new Dictionary<string, TomlPosition>(StringComparer.Ordinal)).Add(key, keyPosition);
            if (value is TomlTable || value is TomlArray)
            {
                value.Parent = this;
                value.KeyInParent = key;
            }

            _keys.Add(key);
            _values.Add(key, value);
        }

        private static bool IsAncestor(TomlValue candidate, TomlValue node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                if (ReferenceEquals(current, candidate))
                {
                    return true;
                }
            }

            return false;
        }

        private T Get<T>(string key, TomlValueKind expected)
            where T : TomlValue =>
            TryGet<T>(key, expected) ?? throw new TomlException($"missing key '{key}'{DescribeForMessage()}", Position ?? default);

        private T? TryGet<T>(string key, TomlValueKind expected)
            where T : TomlValue =>
            _values.TryGetValue(key, out var value) ? value.As<T>(expected, key) : null;

        private string DescribeForMessage()
        {
            var path = TomlWriter.FormatPath(this);
            return path.Length == 0 ? string.Empty : $" in table [{path}]";
        }
    }

    /// <summary>How a table came to exist in parsed text.</summary>
    internal enum TableOrigin
    {
        /// <summary>The document root.</summary>
        Root,

        /// <summary>Created as a prefix of a header (<c>a</c> in <c>[a.b]</c>); may still be defined by <c>[a]</c>.</summary>
        Implicit,

        /// <summary>Defined by a <c>[name]</c> header, or created in code.</summary>
        Header,

        /// <summary>Created by a dotted key (<c>a.b = 1</c> creates <c>a</c>).</summary>
        Dotted,

        /// <summary>An inline table or a table inside one: closed for extension.</summary>
        Inline,

        /// <summary>An element of an array of tables (<c>[[name]]</c>).</summary>
        ArrayElement,
    }
}
