using Microsoft.AspNetCore.Builder;
using Sluice.Hosting;
using Sluice.Tokenize.Worker;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddPipelineService<TokenizeService>();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
