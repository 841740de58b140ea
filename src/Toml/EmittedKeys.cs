using System.Collections.Generic;

namespace WitSharp.Toml
{
    /// <summary>Which keys the writer has already written from source statements, and which tables those statements' dotted keys define.</summary>
    internal sealed class EmittedKeys
    {
        private readonly Dictionary<TomlTable, HashSet<string>> _keys = new Dictionary<TomlTable, HashSet<string>>();
        private readonly HashSet<TomlTable> _touched = new HashSet<TomlTable>();

        /// <summary>Records a written statement; <paramref name="key"/> is its key's current name.</summary>
        public void Add(KeyValueSyntax entry, string key)
        {
            if (!_keys.TryGetValue(entry.Owner, out var keys))
            {
                keys = new HashSet<string>();
                _keys.Add(entry.Owner, keys);
            }

            keys.Add(key);
            for (var i = 1; i < entry.Chain.Count; i++)
            {
                _touched.Add(entry.Chain[i]);
            }
        }

        public bool Contains(TomlTable table, string key) => _keys.TryGetValue(table, out var keys) && keys.Contains(key);

        /// <summary>Whether a written dotted key passes through (and so defines) <paramref name="table"/>.</summary>
        public bool Touches(TomlTable table) => _touched.Contains(table);
    }
}
