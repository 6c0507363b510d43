// The end of the sign-in and accept-invite forms: the form-level error (announced) and the full-width submit
// button, which says what is happening while the request runs.
export function AuthFormFooter(props: {
  error?: string | null;
  pending: boolean;
  label: string;
  pendingLabel: string;
}) {
  return (
    <>
      {props.error ? (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {props.error}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={props.pending}
        className="w-full rounded-lg bg-emerald-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-500 focus-visible:ring-offset-2 disabled:opacity-60"
      >
        {props.pending ? props.pendingLabel : props.label}
      </button>
    </>
  );
}
