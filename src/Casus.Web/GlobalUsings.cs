// Lists, paging, form errors and the form page base classes are used by every feature.
global using Casus.Web.Features.Shared;
