using System;

namespace WitSharp.Toml
{
    /// <summary>Value equality by TOML meaning (used by <see cref="TomlValue.SemanticallyEqual"/> and the save check).</summary>
    internal static class TomlEquality
    {
        public static bool Equal(TomlValue? left, TomlValue? right)
        {
            if (left is null || right is null)
            {
                return left is null && right is null;
            }

            switch (left)
            {
                case TomlString s:
                    return right is TomlString rs && s.Value == rs.Value;
                case TomlInteger i:
                    return right is TomlInteger ri && i.Value == ri.Value;
                case TomlFloat f:
                    return right is TomlFloat rf &&
                        (double.IsNaN(f.Value) ? double.IsNaN(rf.Value) : BitConverter.DoubleToInt64Bits(f.Value) == BitConverter.DoubleToInt64Bits(rf.Value));
                case TomlBoolean b:
                    return right is TomlBoolean rb && b.Value == rb.Value;
                case TomlDateTime d:
                    return right is TomlDateTime rd && d.DateTimeKind == rd.DateTimeKind && d.DateTime == rd.DateTime && d.Offset == rd.Offset;
                case TomlArray a:
                    if (right is not TomlArray ra || a.Count != ra.Count)
                    {
                        return false;
                    }

                    for (var k = 0; k < a.Count; k++)
                    {
                        if (!Equal(a[k], ra[k]))
                        {
                            return false;
                        }
                    }

                    return true;
                case TomlTable t:
                    if (right is not TomlTable rt || t.Count != rt.Count)
                    {
                        return false;
                    }

                    foreach (var entry in t)
                    {
                        if (!rt.TryGetValue(entry.Key, out var other) || !Equal(entry.Value, other))
                        {
                            return false;
                        }
                    }

                    return true;
                default:
                    return false;
            }
        }
    }
}
