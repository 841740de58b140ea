using System.Collections.Generic;
using System.IO;
using System.Text;

namespace WitSharp.Toml
{
    /// <summary>
    /// Writes a document: each source statement whose key (or table) still exists is written with its original
    /// text around the current value; removed ones are dropped; keys and tables that no statement covers are
    /// inserted after their table's last statement, or as new sections.
    /// </summary>
    internal sealed class DocumentWriter
    {
        private const int BeforeAllItems = -1;

        private readonly TomlDocument _document;
        private readonly TextWriter _writer;
        private readonly List<SyntaxItem> _items;
        private readonly bool[] _alive;

        /// <summary>Per surviving statement or header: the current names of its key parts.</summary>
        private readonly string[]?[] _names;
        private readonly EmittedKeys _emitted = new EmittedKeys();
        private readonly Dictionary<TomlTable, int> _headerIndex = new Dictionary<TomlTable, int>();
        private readonly Dictionary<TomlArray, bool> _writtenAsSections = new Dictionary<TomlArray, bool>();
        private readonly Dictionary<TomlTable, int> _blockEnds = new Dictionary<TomlTable, int>();
        private readonly Dictionary<TomlTable, KeyAnchor> _anchors = new Dictionary<TomlTable, KeyAnchor>();
        private readonly Dictionary<int, List<Insertion>> _insertions = new Dictionary<int, List<Insertion>>();
        private readonly StringBuilder _pending = new StringBuilder();
        private char _last1;
        private char _last2;

        public DocumentWriter(TomlDocument document, TextWriter writer)
        {
            _document = document;
            _writer = writer;
            _items = document.Items;
            _alive = new bool[_items.Count];
            _names = new string[]?[_items.Count];
        }

        private string NewLine => _document.NewLine;

        public void Write()
        {
            MarkLiveItems();
            ComputeBlockEnds();
            PlanMissing(_document.Root, RootBlockEnd());
            Flush(BeforeAllItems);
            for (var i = 0; i < _items.Count; i++)
            {
                if (_alive[i])
                {
                    WriteItem(_items[i], _names[i]);
                }

                Flush(i);
            }
        }

        // ---------------------------------------------------------------- which source items survive

        private void MarkLiveItems()
        {
            var sectionAlive = true;
            var section = _document.Root;
            var rootAnchorSet = false;
            for (var i = 0; i < _items.Count; i++)
            {
                switch (_items[i])
                {
                    case TriviaSyntax:
                        _alive[i] = sectionAlive;
                        break;
                    case HeaderSyntax header:
                        _names[i] = CurrentHeaderPath(header);
                        sectionAlive = _names[i] is not null;
                        section = header.Table;
                        _alive[i] = sectionAlive;
                        if (sectionAlive)
                        {
                            _headerIndex[header.Table] = i;
                            _anchors[header.Table] = new KeyAnchor(i, string.Empty, string.Empty);
                            if (!rootAnchorSet)
                            {
                                // Root keys added to a file without any go just before the first table.
                                _anchors[_document.Root] = new KeyAnchor(i - 1, string.Empty, string.Empty);
                                rootAnchorSet = true;
                            }
                        }

                        break;
                    case KeyValueSyntax entry:
                        var names = sectionAlive && !PassesThroughInlineTable(entry) ? TomlWriter.ResolveKeyPath(entry) : null;
                        _names[i] = names;
                        _alive[i] = names is not null;
                        if (names is not null)
                        {
                            _emitted.Add(entry, names[names.Length - 1]);
                            var prefix = new StringBuilder();
                            for (var k = 0; k < entry.Chain.Count; k++)
                            {
                                _anchors[entry.Chain[k]] = new KeyAnchor(i, prefix.ToString(), entry.Leading);
                                if (k < names.Length - 1)
                                {
                                    prefix.Append(TomlWriter.FormatKey(names[k])).Append('.');
                                }
                            }

                            if (ReferenceEquals(section, _document.Root))
                            {
                                rootAnchorSet = true;
                            }
                        }

                        break;
                }
            }

            if (!_anchors.ContainsKey(_document.Root))
            {
                _anchors[_document.Root] = new KeyAnchor(_items.Count - 1, string.Empty, string.Empty);
            }
        }

        /// <summary>
        /// A header survives while its table is still in the document at the path the header names (allowing for
        /// renamed keys); returns the current path, or null.
        /// </summary>
        private string[]? CurrentHeaderPath(HeaderSyntax header)
        {
            var table = header.Table;
            if ((table.Parent is TomlArray) != header.IsArrayElement)
            {
                return null;
            }

            // A table made inline (or inside an array no longer written as [[...]]) is written as a value instead.
            var path = new List<string>();
            var sourcePath = new List<string>();
            TomlValue node = table;
            while (node.Parent is not null)
            {
                if ((node is TomlTable { IsInline: true }) || (node.Parent is TomlArray array && !IsWrittenAsSections(array)))
                {
                    return null;
                }

                if (node.KeyInParent is string key && node.Parent is TomlTable parent)
                {
                    path.Add(key);
                    sourcePath.Add(parent.SourceName(key));
                }

                node = node.Parent;
            }

            if (!ReferenceEquals(node, _document.Root) || path.Count != header.Path.Count)
            {
                return null;
            }

            path.Reverse();
            sourcePath.Reverse();
            for (var i = 0; i < path.Count; i++)
            {
                if (sourcePath[i] != header.Path[i])
                {
                    return null;
                }
            }

            return path.ToArray();
        }

        /// <summary>A dotted key through a table since made inline is written as part of that inline table instead.</summary>
        private static bool PassesThroughInlineTable(KeyValueSyntax entry)
        {
            for (var i = 1; i < entry.Chain.Count; i++)
            {
                if (entry.Chain[i].IsInline)
                {
                    return true;
                }
            }

            return false;
        }

        // ---------------------------------------------------------------- where new keys and tables go

        /// <summary>
        /// Finds keys of <paramref name="table"/> (and below) that no surviving statement writes and schedules them.
        /// <paramref name="blockEnd"/> is where new sections below this table go.
        /// </summary>
        private void PlanMissing(TomlTable table, int blockEnd)
        {
            var missing = new List<KeyValuePair<string, TomlValue>>();
            var sections = new List<TomlValue>();
            foreach (var entry in table)
            {
                if (_emitted.Contains(table, entry.Key))
                {
                    continue;
                }

                switch (entry.Value)
                {
                    case TomlTable sub when !sub.IsInline:
                        sections.Add(sub);
                        break;
                    case TomlArray array when IsWrittenAsSections(array):
                        sections.Add(array);
                        break;
                    default:
                        missing.Add(entry);
                        break;
                }
            }

            var isRoot = ReferenceEquals(table, _document.Root);
            var hasHome = isRoot || _headerIndex.ContainsKey(table) || _emitted.Touches(table);
            var childBlockEnd = _headerIndex.ContainsKey(table) ? BlockEnd(table) : blockEnd;
            if (hasHome && missing.Count > 0)
            {
                var anchor = _anchors[table];
                var lines = new StringBuilder();
                foreach (var entry in missing)
                {
                    lines.Append(anchor.Indent).Append(anchor.Prefix).Append(TomlWriter.FormatKey(entry.Key)).Append(" = ")
                        .Append(TomlWriter.FormatValue(entry.Value)).Append(NewLine);
                }

                Schedule(anchor.AfterItem, new Insertion(lines.ToString(), isSection: false));
            }
            else if (!hasHome && (missing.Count > 0 || table.Count == 0 || table.Parent is TomlArray))
            {
                Schedule(blockEnd, new Insertion(Section(table, missing), isSection: true));
            }

            foreach (var section in sections)
            {
                if (section is TomlTable sub)
                {
                    PlanMissing(sub, childBlockEnd);
                }
                else
                {
                    PlanElements((TomlArray)section, childBlockEnd);
                }
            }
        }

        /// <summary>New elements of an array of tables go before the next surviving element, keeping array order.</summary>
        private void PlanElements(TomlArray array, int blockEnd)
        {
            for (var i = 0; i < array.Count; i++)
            {
                var element = (TomlTable)array[i];
                if (_headerIndex.ContainsKey(element))
                {
                    PlanMissing(element, blockEnd);
                    blockEnd = BlockEnd(element);
                    continue;
                }

                var insertAt = blockEnd;
                for (var j = i + 1; j < array.Count; j++)
                {
                    if (_headerIndex.TryGetValue((TomlTable)array[j], out var nextHeader))
                    {
                        insertAt = nextHeader - 1;
                        break;
                    }
                }

                PlanMissing(element, insertAt);
            }
        }

        private string Section(TomlTable table, List<KeyValuePair<string, TomlValue>> entries)
        {
            var text = new StringBuilder();
            var isElement = table.Parent is TomlArray;
            var path = TomlWriter.FormatPath(table);
            text.Append(isElement ? "[[" : "[").Append(path).Append(isElement ? "]]" : "]").Append(NewLine);
            foreach (var entry in entries)
            {
                text.Append(TomlWriter.FormatKey(entry.Key)).Append(" = ").Append(TomlWriter.FormatValue(entry.Value)).Append(NewLine);
            }

            return text.ToString();
        }

        /// <summary>Whether an array is written as <c>[[...]]</c> sections (cached: every element header asks).</summary>
        private bool IsWrittenAsSections(TomlArray array)
        {
            if (_writtenAsSections.TryGetValue(array, out var cached))
            {
                return cached;
            }

            var result = array.IsArrayOfTables && array.Count > 0;
            foreach (var element in array)
            {
                result &= element is TomlTable { IsInline: false };
            }

            _writtenAsSections[array] = result;
            return result;
        }

        /// <summary>
        /// The last statement belonging to a table's section or to a section below it, wherever it appears (sections of
        /// a table need not be contiguous); new sections below the table go after it so they attach to the right table.
        /// </summary>
        private int BlockEnd(TomlTable table) => _blockEnds[table];

        private void ComputeBlockEnds()
        {
            for (var i = 0; i < _items.Count; i++)
            {
                var section = _items[i] switch
                {
                    HeaderSyntax header => header.Table,
                    KeyValueSyntax entry => entry.Section,
                    _ => null,
                };
                if (!_alive[i] || section is null)
                {
                    continue;
                }

                for (TomlValue? node = section; node is not null; node = node.Parent)
                {
                    if (node is TomlTable table && _headerIndex.ContainsKey(table))
                    {
                        _blockEnds[table] = i;
                    }
                }
            }
        }

        private int RootBlockEnd() => _items.Count - 1;

        private static bool IsDescendant(TomlValue node, TomlTable ancestor)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                if (ReferenceEquals(current, ancestor))
                {
                    return true;
                }
            }

            return false;
        }

        private void Schedule(int afterItem, Insertion insertion)
        {
            if (!_insertions.TryGetValue(afterItem, out var list))
            {
                list = new List<Insertion>();
                _insertions.Add(afterItem, list);
            }

            list.Add(insertion);
        }

        // ---------------------------------------------------------------- output

        private void WriteItem(SyntaxItem item, string[]? names)
        {
            switch (item)
            {
                case TriviaSyntax trivia:
                    Emit(trivia.Text);
                    break;
                case HeaderSyntax header:
                    Emit(header.Leading);
                    Emit(TomlWriter.RewriteKey(header.Text, header.KeySpans, header.Path, names!));
                    Emit(header.Trailing);
                    break;
                case KeyValueSyntax entry:
                    _pending.Clear();
                    _pending.Append(entry.Leading).Append(TomlWriter.RewriteKey(entry.KeyText, entry.KeySpans, entry.KeyPath, names!)).Append(entry.Between);
                    TomlWriter.WriteValue(entry.Owner[names![names.Length - 1]], _pending);
                    _pending.Append(entry.Trailing);
                    Emit(_pending.ToString());
                    break;
            }
        }

        private void Flush(int afterItem)
        {
            if (!_insertions.TryGetValue(afterItem, out var list))
            {
                return;
            }

            // Key lines come before new sections scheduled at the same place (they belong to the section above).
            foreach (var insertion in list)
            {
                if (!insertion.IsSection)
                {
                    EnsureLineStart();
                    Emit(insertion.Text);
                }
            }

            // New sections start after a blank line.
            foreach (var insertion in list)
            {
                if (insertion.IsSection)
                {
                    EnsureLineStart();
                    if (_last1 != '\0' && !(_last1 == '\n' && _last2 == '\n'))
                    {
                        Emit(NewLine);
                    }

                    Emit(insertion.Text);
                }
            }

            // Keep a blank line between inserted text and a table header that follows it.
            var next = NextAliveItem(afterItem);
            if (list.Count > 0 && next is HeaderSyntax && !(_last1 == '\n' && _last2 == '\n'))
            {
                Emit(NewLine);
            }
        }

        private SyntaxItem? NextAliveItem(int afterItem)
        {
            for (var i = afterItem + 1; i < _items.Count; i++)
            {
                if (_alive[i])
                {
                    return _items[i];
                }
            }

            return null;
        }

        private void EnsureLineStart()
        {
            if (_last1 != '\0' && _last1 != '\n')
            {
                Emit(NewLine);
            }
        }

        private void Emit(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            _writer.Write(text);
            foreach (var c in text)
            {
                if (c != '\r')
                {
                    _last2 = _last1;
                    _last1 = c;
                }
            }
        }

        /// <summary>Text to insert after an item: key lines for an existing section, or a whole new section.</summary>
        private readonly struct Insertion
        {
            public Insertion(string text, bool isSection)
            {
                Text = text;
                IsSection = isSection;
            }

            public string Text { get; }

            public bool IsSection { get; }
        }

        /// <summary>Where keys added to a table go: after an item, with the dotted prefix and indentation of that item.</summary>
        private readonly struct KeyAnchor
        {
            public KeyAnchor(int afterItem, string prefix, string indent)
            {
                AfterItem = afterItem;
                Prefix = prefix;
                Indent = indent;
            }

            public int AfterItem { get; }

            public string Prefix { get; }

            public string Indent { get; }
        }
    }
}
