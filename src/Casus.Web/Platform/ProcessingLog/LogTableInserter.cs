using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// Appends rows to one log table, without change tracking: prepared single-row INSERTs on SQLite, multi-row INSERT
/// statements on PostgreSQL. The table, columns, column types and value conversions (SQLite keeps times as UTC ticks)
/// come from the EF model, so the rows are exactly what EF would have written on either database.
/// </summary>
internal sealed class LogTableInserter<T> where T : class
{
    /// <summary>Rows per statement: well under SQLite's limit of 32,766 parameters.</summary>
    private const int RowsPerStatement = 200;

    private readonly string _insertInto;
    private readonly Column[] _columns;

    public LogTableInserter(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var tableName = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
        var table = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        _columns = entity.GetProperties()
            .Select(p => new Column(p.GetColumnName(table) ?? p.Name, p.GetRelationalTypeMapping(), p.IsShadowProperty()
                ? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} is not a CLR property.")
                : p.GetGetter()))
            .ToArray();
        _insertInto = $"INSERT INTO {sql.DelimitIdentifier(tableName, entity.GetSchema())} ("
            + string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.Name))) + ") VALUES ";
        HeadQuery = $"SELECT {sql.DelimitIdentifier("Sequence")}, {sql.DelimitIdentifier("Hash")} FROM "
            + $"{sql.DelimitIdentifier(tableName, entity.GetSchema())} ORDER BY {sql.DelimitIdentifier("Sequence")} DESC LIMIT 1";
    }

    /// <summary>The newest record's sequence and hash: where the chain goes on.</summary>
    public string HeadQuery { get; }

    /// <summary>
    /// Appends multi-row INSERT statements for <paramref name="rows"/> to <paramref name="command"/>, with parameter
    /// names starting with <paramref name="prefix"/>. On PostgreSQL both tables' statements go in one command: one
    /// round trip to the server instead of one per table.
    /// </summary>
    public void AppendInserts(DbCommand command, string prefix, IReadOnlyList<T> rows)
    {
        var text = new StringBuilder(command.CommandText, command.CommandText.Length + _insertInto.Length + rows.Count * _columns.Length * 10);
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - start);
            text.Append(text.Length == 0 ? "" : "; ").Append(_insertInto);
            for (var row = 0; row < count; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var c = 0; c < _columns.Length; c++)
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"@{prefix}{start + row}_{c}");
                    text.Append(c == 0 ? name : ", " + name);
                    var column = _columns[c];
                    command.Parameters.Add(column.Mapping.CreateParameter(command, name, column.Getter.GetClrValue(rows[start + row])));
                }
                text.Append(')');
            }
        }
        command.CommandText = text.ToString();
    }

    /// <summary>
    /// A single-row INSERT prepared once on a connection that stays open. SQLite keeps the compiled statement with the
    /// command, so each row only binds its values: preparing the multi-row statements anew for every commit cost more
    /// CPU than the rows (parser and name resolution, seen in perf). Not for PostgreSQL, where one multi-row statement
    /// saves the round trips.
    /// </summary>
    public RowInserter PrepareRowInsert(DbConnection connection)
    {
        var command = connection.CreateCommand();
        var names = new string[_columns.Length];
        for (var c = 0; c < _columns.Length; c++)
        {
            names[c] = string.Create(CultureInfo.InvariantCulture, $"@p{c}");
            command.Parameters.Add(_columns[c].Mapping.CreateParameter(command, names[c], null));
        }
        command.CommandText = _insertInto + "(" + string.Join(", ", names) + ")";
        return new RowInserter(command, _columns);
    }

    /// <summary>The head query, prepared once (see <see cref="PrepareRowInsert"/>).</summary>
    public DbCommand PrepareHead(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = HeadQuery;
        return command;
    }

    internal sealed class RowInserter(DbCommand command, Column[] columns) : IAsyncDisposable
    {
        public async Task InsertAsync(DbTransaction transaction, IReadOnlyList<T> rows, CancellationToken cancellationToken)
        {
            command.Transaction = transaction;
            foreach (var row in rows)
            {
                for (var c = 0; c < columns.Length; c++)
                {
                    command.Parameters[c].Value = columns[c].Getter.GetClrValue(row) is { } value
                        ? columns[c].Mapping.Converter?.ConvertToProvider(value) ?? value
                        : DBNull.Value;
                }
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }

    /// <summary>A column, with EF's compiled getter of its property: no reflection per value on the writer's hot path.</summary>
    internal sealed record Column(string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter);
}
