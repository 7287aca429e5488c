using System.Text;
using PolicyDsl.Repl;

// The policydsl executable: parses the command line, runs one verb, maps the outcome to an exit code.
Console.OutputEncoding = new UTF8Encoding(false);
return PolicyCli.Run(args, Console.Out, Console.Error);
