using System;

namespace WitSharp.Toml
{
    /// <summary>The four TOML date/time forms.</summary>
    public enum TomlDateTimeKind
    {
        /// <summary>Date, time and UTC offset: <c>1979-05-27T07:32:00-08:00</c>.</summary>
        OffsetDateTime,

        /// <summary>Date and time without offset: <c>1979-05-27T07:32:00</c>.</summary>
        LocalDateTime,

        /// <summary>Date only: <c>1979-05-27</c>.</summary>
        LocalDate,

        /// <summary>Time only: <c>07:32:00</c>.</summary>
        LocalTime,
    }

    /// <summary>
    /// A TOML date/time. Fractional seconds are kept to 100 ns (the spec allows truncating beyond millisecond
    /// precision); the source text is kept verbatim while the value is untouched.
    /// </summary>
    public sealed class TomlDateTime : TomlValue
    {
        private TomlDateTime(TomlDateTimeKind dateTimeKind, DateTime dateTime, TimeSpan? offset)
        {
            DateTimeKind = dateTimeKind;
            DateTime = DateTime.SpecifyKind(dateTime, System.DateTimeKind.Unspecified);
            Offset = offset;
        }

        /// <summary>Creates an offset date-time.</summary>
        public TomlDateTime(DateTimeOffset value)
            : this(TomlDateTimeKind.OffsetDateTime, value.DateTime, value.Offset)
        {
        }

        /// <summary>Which of the four forms this is.</summary>
        public TomlDateTimeKind DateTimeKind { get; }

        /// <summary>
        /// The date and time as written (local to <see cref="Offset"/> for offset date-times). The time part is
        /// midnight for a local date; the date part is 0001-01-01 for a local time.
        /// </summary>
        public DateTime DateTime { get; }

        /// <summary>The UTC offset of an offset date-time; null for the local kinds.</summary>
        public TimeSpan? Offset { get; }

        /// <inheritdoc />
        public override TomlValueKind Kind => TomlValueKind.DateTime;

        /// <summary>Creates a local date-time (no offset).</summary>
        public static TomlDateTime LocalDateTime(DateTime value) =>
            new TomlDateTime(TomlDateTimeKind.LocalDateTime, value, null);

        /// <summary>Creates a local date (the time part of <paramref name="date"/> is ignored).</summary>
        public static TomlDateTime LocalDate(DateTime date) =>
            new TomlDateTime(TomlDateTimeKind.LocalDate, date.Date, null);

        /// <summary>Creates a local time of day.</summary>
        public static TomlDateTime LocalTime(TimeSpan timeOfDay)
        {
            if (timeOfDay < TimeSpan.Zero || timeOfDay >= TimeSpan.FromDays(1))
            {
                throw new ArgumentOutOfRangeException(nameof(timeOfDay), "a local time must be within one day");
            }

            return new TomlDateTime(TomlDateTimeKind.LocalTime, DateTime.MinValue + timeOfDay, null);
        }

        /// <summary>The offset date-time as a <see cref="DateTimeOffset"/>.</summary>
        /// <exception cref="InvalidOperationException">This is one of the local kinds.</exception>
        public DateTimeOffset ToDateTimeOffset() => Offset is TimeSpan offset
            ? new DateTimeOffset(DateTime, offset)
            : throw new InvalidOperationException($"a {DateTimeKind} has no UTC offset");

        internal static TomlDateTime Create(TomlDateTimeKind kind, DateTime dateTime, TimeSpan? offset) =>
            new TomlDateTime(kind, dateTime, offset);
    }
}
