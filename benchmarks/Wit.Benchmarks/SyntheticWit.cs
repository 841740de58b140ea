using System.Globalization;
using System.Text;

namespace WitSharp.Wit.Benchmarks;

/// <summary>A deterministic WIT package of about 2,000 lines using every kind of type, for parse and generate timings.</summary>
public static class SyntheticWit
{
    public const string World = "bench:big/big";

    public static string Create(int interfaces = 27)
    {
        var text = new StringBuilder("package bench:big@1.0.0;\n\n");
        for (var i = 0; i < interfaces; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            text.Append($$"""
                /// Interface number {{n}}, with a bit of everything.
                interface api{{n}} {
                    /// How urgent something is.
                    enum priority{{n}} {
                        low,
                        normal,
                        high,
                        urgent,
                        critical,
                    }

                    /// What a caller may do.
                    flags permissions{{n}} {
                        read,
                        write,
                        execute,
                        delete,
                        share,
                        admin,
                    }

                    /// A named item.
                    record item{{n}} {
                        id: u64,
                        name: string,
                        tags: list<string>,
                        priority: priority{{n}},
                    }

                    /// A position.
                    record position{{n}} {
                        x: f64,
                        y: f64,
                        z: f32,
                        label: option<string>,
                    }

                    /// A batch of items.
                    record batch{{n}} {
                        items: list<item{{n}}>,
                        origin: position{{n}},
                        permissions: permissions{{n}},
                        checksum: tuple<u32, u32>,
                    }

                    /// Something that happened.
                    variant event{{n}} {
                        created(item{{n}}),
                        moved(position{{n}}),
                        renamed(string),
                        counted(u32),
                        cleared,
                    }

                    /// Many items.
                    type items{{n}} = list<item{{n}}>;

                    /// Stores an item.
                    put: func(item: item{{n}}) -> result<u64, string>;
                    /// Finds an item.
                    get: func(id: u64) -> option<item{{n}}>;
                    /// Lists items by priority.
                    list-by-priority: func(priority: priority{{n}}, limit: u32) -> items{{n}};
                    /// Applies a batch.
                    apply: func(batch: batch{{n}}) -> result<_, string>;
                    /// Delivers events.
                    deliver: func(events: list<event{{n}}>) -> list<result<u32, string>>;
                    /// Moves an item.
                    move-to: func(id: u64, x: f64, y: f64, z: f32, relative: bool) -> position{{n}};
                    /// Checks permissions.
                    allowed: func(who: string, what: permissions{{n}}) -> bool;
                }


                """);
        }

        text.Append("world big {\n");
        for (var i = 0; i < interfaces; i++)
        {
            text.Append(i % 2 == 0 ? "    import api" : "    export api").Append(i.ToString(CultureInfo.InvariantCulture)).Append(";\n");
        }

        text.Append("}\n");
        return text.ToString();
    }
}
