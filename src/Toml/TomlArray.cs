using System;
using System.Collections;
using System.Collections.Generic;

namespace WitSharp.Toml
{
    /// <summary>
    /// A TOML array: an inline <c>[ ... ]</c> value (elements may have mixed types) or an array of tables written as
    /// <c>[[name]]</c> sections (<see cref="IsArrayOfTables"/>). Editing keeps the layout (line breaks, comments) of
    /// untouched elements.
    /// </summary>
    public sealed class TomlArray : TomlValue, IReadOnlyList<TomlValue>
    {
        private readonly List<ArraySlot> _slots = new List<ArraySlot>();

        /// <summary>Creates an empty inline array.</summary>
        public TomlArray()
        {
        }

        /// <summary>Creates an inline array holding <paramref name="values"/>.</summary>
        public TomlArray(IEnumerable<TomlValue> values)
        {
            foreach (var value in values)
            {
                Add(value);
            }
        }

        /// <inheritdoc />
        public override TomlValueKind Kind => TomlValueKind.Array;

        /// <summary>
        /// True for an array of tables written as <c>[[name]]</c> sections. The writer uses sections only while every
        /// element is a non-inline table; otherwise (or when set to false) the array is written as an inline value.
        /// </summary>
        public bool IsArrayOfTables { get; set; }

        /// <inheritdoc />
        public int Count => _slots.Count;

        /// <summary>Gets or replaces the element at <paramref name="index"/>.</summary>
        public TomlValue this[int index]
        {
            get => _slots[index].Value;
            set
            {
                var slot = _slots[index];
                if (ReferenceEquals(slot.Value, value))
                {
                    return;
                }

                TomlTable.Attach(this, null, value);
                TomlTable.Detach(slot.Value);
                slot.Value = value;
            }
        }

        /// <summary>Whether the parsed text had a comma after the last element (kept when writing).</summary>
        internal bool HasTrailingComma { get; set; }

        /// <summary>In a multi-line array: the rest of the line after '[' (comment and line break).</summary>
        internal string? Head { get; set; }

        /// <summary>Source text between the last comma (or the opening bracket) and the closing bracket.</summary>
        internal string? Tail { get; set; }

        /// <summary>True when the array came from text and its layout is reproduced.</summary>
        internal bool HasLayout { get; set; }

        internal List<ArraySlot> Slots => _slots;

        /// <summary>Appends <paramref name="value"/>.</summary>
        public void Add(TomlValue value) => Insert(_slots.Count, value);

        /// <summary>Inserts <paramref name="value"/> at <paramref name="index"/>.</summary>
        public void Insert(int index, TomlValue value)
        {
            if (index < 0 || index > _slots.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            TomlTable.Attach(this, null, value);
            _slots.Insert(index, new ArraySlot(value, null, null));
        }

        /// <summary>Removes the element at <paramref name="index"/>.</summary>
        public void RemoveAt(int index)
        {
            TomlTable.Detach(_slots[index].Value);
            _slots.RemoveAt(index);
        }

        /// <summary>Removes every element.</summary>
        public void Clear()
        {
            foreach (var slot in _slots)
            {
                TomlTable.Detach(slot.Value);
            }

            _slots.Clear();
        }

        /// <inheritdoc />
        public IEnumerator<TomlValue> GetEnumerator()
        {
            foreach (var slot in _slots)
            {
                yield return slot.Value;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        internal void AddParsed(TomlValue value, string leading, string trailing)
        {
            TomlTable.Attach(this, null, value);
            _slots.Add(new ArraySlot(value, leading, trailing));
        }
    }

    /// <summary>One array element with the source text around it (null around elements added in code).</summary>
    internal sealed class ArraySlot
    {
        public ArraySlot(TomlValue value, string? leading, string? trailing)
        {
            Value = value;
            Leading = leading;
            Trailing = trailing;
        }

        public TomlValue Value { get; set; }

        /// <summary>Text between the previous element's line (or '[') and the value: indentation, comment lines.</summary>
        public string? Leading { get; set; }

        /// <summary>Text between the value and the next comma (or ']').</summary>
        public string? Trailing { get; set; }

        /// <summary>In a multi-line array: the rest of the line after this element's comma (comment and line break).</summary>
        public string? AfterComma { get; set; }
    }
}
