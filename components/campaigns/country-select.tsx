import { Select, type SelectProps } from "@/components/ui/input";
import type { CountryOption } from "@/lib/campaigns/phone";

/** "Country of numbers without +": the country a CSV's national numbers are read in (campaign and contact imports). */
export function CountrySelect({ countries, ...props }: SelectProps & { countries: CountryOption[] }) {
  return (
    <Select {...props}>
      <option value="">None: every number has +country code</option>
      {countries.map((c) => (
        <option key={c.code} value={c.code}>
          {c.name} (+{c.callingCode})
        </option>
      ))}
    </Select>
  );
}
